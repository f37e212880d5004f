#include "clioutput.h"

#include <QFile>
#include <QJsonDocument>
#include <QTextStream>

#include <cstdio>

using namespace Qt::StringLiterals;

namespace meshlens::cli {
namespace {

qint64 statusField(const char *field)
{
    QFile f(u"/proc/self/status"_s);
    if (!f.open(QIODevice::ReadOnly))
        return 0;
    const QByteArray prefix(field);
    for (const QByteArray &line : f.readAll().split('\n')) {
        if (line.startsWith(prefix)) {
            const QByteArray kb = line.mid(prefix.size()).trimmed().split(' ').value(0);
            return kb.toLongLong() * 1024;
        }
    }
    return 0;
}

}  // namespace

void out(const QString &text)
{
    const QByteArray utf8 = text.toUtf8();
    std::fwrite(utf8.constData(), 1, std::size_t(utf8.size()), stdout);
    std::fputc('\n', stdout);
}

void err(const QString &text)
{
    const QByteArray utf8 = text.toUtf8();
    std::fwrite(utf8.constData(), 1, std::size_t(utf8.size()), stderr);
    std::fputc('\n', stderr);
}

int fail(const QString &command, const QString &message)
{
    err(u"meshlens-cli "_s + command + u": "_s + message);
    return BadInput;
}

void printJson(const QJsonObject &object)
{
    out(QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Indented)).trimmed());
}

void printTable(const QList<QPair<QString, QString>> &rows)
{
    qsizetype labelWidth = 0, valueWidth = 0;
    for (const auto &[label, value] : rows) {
        labelWidth = std::max(labelWidth, label.size());
        valueWidth = std::max(valueWidth, value.size());
    }
    for (const auto &[label, value] : rows)
        out(label.leftJustified(labelWidth + 2) + value.rightJustified(valueWidth));
}

qint64 residentBytes()
{
    return statusField("VmRSS:");
}

qint64 peakResidentBytes()
{
    return statusField("VmHWM:");
}

}  // namespace meshlens::cli
