#include "fuzzsupport.h"

#include "ingest/resolver.h"

#include <QFile>

#include <cstdio>
#include <cstdlib>

using namespace Qt::StringLiterals;

namespace meshlens::fuzz {
namespace {

[[noreturn]] void fail(const char *what, const QString &detail)
{
    std::fprintf(stderr, "fuzz check failed: %s: %s\n", what, detail.toUtf8().constData());
    std::abort();
}

} // namespace

QString inputName(const char *fileName)
{
    return u"/nonexistent-meshlens-fuzz/"_s + QString::fromUtf8(fileName);
}

void checkBatch(IngestBatch &batch, qint64 inputSize)
{
    if (batch.source.file.isEmpty())
        fail("the batch names no file", batch.source.source);
    for (const Diagnostic &d : std::as_const(batch.diagnostics)) {
        if (d.file.isEmpty())
            fail("a diagnostic names no file", d.toString());
        if (d.message.trimmed().isEmpty())
            fail("a diagnostic says nothing", d.toString());
        if (d.line < 0 || d.column < 0 || (d.line == 0 && d.column > 0))
            fail("a diagnostic has an impossible position", d.toString());
        if (d.offset < -1 || d.offset > inputSize)
            fail("a diagnostic's offset is outside the input",
                 d.toString() + u" (offset %1, input %2 bytes)"_s.arg(d.offset).arg(inputSize));
        for (const QChar c : d.message) {
            if (c.unicode() < 0x20 && c != u'\t')
                fail("a diagnostic's message holds a control character",
                     QString::fromLatin1(d.toString().toUtf8().toPercentEncoding(" :\"'()[]{},;./<>=+*?!#$&|~^`")));
        }
        const QString text = d.toString();
        if (text.isEmpty())
            fail("a diagnostic formats as nothing", d.message);
    }
    if (!batch.hasErrors())
        resolveBatch(batch);
}

QByteArray readFixture(const char *path)
{
    QFile file(QString::fromUtf8(path));
    if (!file.open(QIODevice::ReadOnly)) {
        std::fprintf(stderr, "cannot read the fixture %s\n", path);
        std::abort();
    }
    return file.readAll();
}

} // namespace meshlens::fuzz
