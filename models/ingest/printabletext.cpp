#include "printabletext.h"

namespace meshlens {

namespace {

bool needsEscape(char16_t c)
{
    return (c < 0x20 && c != u'\t') || (c >= 0x7F && c <= 0x9F) || c == 0x2028 || c == 0x2029;
}

QString hex(char16_t c, int width)
{
    return QString::number(c, 16).toUpper().rightJustified(width, u'0');
}

} // namespace

QString printableText(QStringView text)
{
    qsizetype first = 0;
    while (first < text.size() && !needsEscape(text[first].unicode()))
        ++first;
    if (first == text.size())
        return text.toString();

    QString out;
    out.reserve(text.size() + 8);
    out += text.left(first);
    for (qsizetype i = first; i < text.size(); ++i) {
        const char16_t c = text[i].unicode();
        if (!needsEscape(c)) {
            out += QChar(c);
            continue;
        }
        switch (c) {
        case u'\n': out += QLatin1String("\\n"); break;
        case u'\r': out += QLatin1String("\\r"); break;
        case 0: out += QLatin1String("\\0"); break;
        default:
            if (c < 0x80)
                out += QLatin1String("\\x") + hex(c, 2);
            else
                out += QLatin1String("\\u") + hex(c, 4);
        }
    }
    return out;
}

QString quotedText(std::string_view bytes, size_t maxBytes)
{
    if (bytes.size() <= maxBytes)
        return u'"' + printableText(QString::fromUtf8(bytes.data(), qsizetype(bytes.size()))) + u'"';
    size_t cut = maxBytes;
    while (cut > 0 && (static_cast<unsigned char>(bytes[cut]) & 0xC0) == 0x80)
        --cut; // not inside a UTF-8 sequence
    return u'"' + printableText(QString::fromUtf8(bytes.data(), qsizetype(cut))) + QStringLiteral("…\" (")
        + QString::number(bytes.size()) + QStringLiteral(" bytes)");
}

Diagnostic printableDiagnostic(Diagnostic d)
{
    d.message = printableText(d.message);
    return d;
}

} // namespace meshlens
