#include "diagnostic.h"

#include "printabletext.h"

#include <algorithm>

namespace meshlens {

QString Diagnostic::toString() const
{
    QString out = file.isEmpty() ? QStringLiteral("<input>") : printableText(file);
    if (line > 0) {
        out += u':' + QString::number(line);
        if (column > 0)
            out += u':' + QString::number(column);
    } else if (offset >= 0) {
        out += QStringLiteral(": byte ") + QString::number(offset);
    }
    out += severity == Severity::Error ? QStringLiteral(": error: ") : QStringLiteral(": warning: ");
    return out + printableText(message); // one line, whatever a reader let through
}

bool hasErrors(const Diagnostics &diagnostics)
{
    return std::any_of(diagnostics.cbegin(), diagnostics.cend(), [](const Diagnostic &d) {
        return d.severity == Diagnostic::Severity::Error;
    });
}

}  // namespace meshlens
