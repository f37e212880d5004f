#pragma once

#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace meshlens::cli {

/// Exit codes scripts can rely on.
enum ExitCode { Success = 0, Finding = 1, BadInput = 2 };

void out(const QString &text);   ///< a line on stdout
void err(const QString &text);   ///< a line on stderr
/// Prints "meshlens-cli <command>: <message>" on stderr and returns BadInput.
int fail(const QString &command, const QString &message);
void printJson(const QJsonObject &object);
/// Left-aligned first column, right-aligned numbers: `rows` are {label, value} pairs.
void printTable(const QList<QPair<QString, QString>> &rows);

/// Peak and current resident memory of this process in bytes (from /proc/self/status).
qint64 residentBytes();
qint64 peakResidentBytes();

}  // namespace meshlens::cli
