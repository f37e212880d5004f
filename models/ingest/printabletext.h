#pragma once

// Text from an input, made safe to put in a one-line message. Diagnostics quote keys and
// values as the input has them; a newline, NUL or escape sequence in a hostile file must not
// split the CLI's output or reach a terminal raw.

#include "diagnostic.h"

#include <QString>
#include <QStringView>

#include <string_view>

namespace meshlens {

/// `text` with control characters written out: "\n", "\r", "\0" and "\xHH" for the other
/// C0 controls and DEL, "\uHHHH" for C1 controls and the Unicode line and paragraph
/// separators. Tabs are kept. Text without such characters comes back unchanged.
QString printableText(QStringView text);

/// A value quoted for a message: decoded as UTF-8, cut after `maxBytes` bytes (never inside a
/// UTF-8 sequence) with the full size given, and made printable.
/// `"abc"`, `"abc…" (70000 bytes)`.
QString quotedText(std::string_view bytes, size_t maxBytes = 80);

/// The diagnostic with its message made printable; every reader passes its diagnostics here.
Diagnostic printableDiagnostic(Diagnostic d);

} // namespace meshlens
