#include "meshpalette.h"

#include <array>

namespace meshlens::palette {

QColor domainColor(int index)
{
    // Tableau-like hues: distinguishable side by side, and dark enough for white text
    // in their full strength while still pleasant as a light tint.
    static constexpr std::array<QRgb, 12> hues = {
        0x4e79a7, 0xf28e2b, 0x59a14f, 0xb07aa1, 0x76b7b2, 0xedc948,
        0xe15759, 0x9c755f, 0xff9da7, 0x86bcb6, 0x8cd17d, 0xbab0ac,
    };
    return QColor::fromRgb(hues[std::size_t(index < 0 ? 0 : index) % hues.size()]);
}

QColor healthColor(HealthState state)
{
    switch (state) {
    case HealthState::Pass: return QColor::fromRgb(0x2e9e44);
    case HealthState::Warn: return QColor::fromRgb(0xf0a30a);
    case HealthState::Fail: return QColor::fromRgb(0xd63b3b);
    case HealthState::Unknown: break;
    }
    return QColor::fromRgb(0x9aa0a6);
}

QColor canvasBackground()
{
    return QColor::fromRgb(0xf4f5f7);
}

QColor edgeColor()
{
    return QColor::fromRgb(0x5f6b7a);
}

QColor selectionColor()
{
    return QColor::fromRgb(0x1a5fd0);
}

}  // namespace meshlens::palette
