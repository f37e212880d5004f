#pragma once

#include <QString>
#include <QList>

namespace meshlens {

/// A problem found in an input, with the file and position it was found at.
/// Errors make the batch unwritable; warnings are reported and the batch is kept.
struct Diagnostic {
    enum class Severity { Warning, Error };
    Severity severity = Severity::Error;
    QString file;
    qint64 line = 0;    ///< 1-based; 0 when unknown
    qint64 column = 0;  ///< 1-based; 0 when unknown
    qint64 offset = -1; ///< byte offset; -1 when unknown
    QString message;    ///< what was found and what was expected

    /// "file:line:column: error: message" (the parts that are known).
    QString toString() const;
};

using Diagnostics = QList<Diagnostic>;

bool hasErrors(const Diagnostics &diagnostics);

}  // namespace meshlens
