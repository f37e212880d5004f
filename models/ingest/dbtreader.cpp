#include "dbtreader.h"
#include "printabletext.h"

#include "dbtresults.h"

#include <QDir>
#include <QFileInfo>

#include <algorithm>
#include <cstring>

using namespace Qt::StringLiterals;

namespace meshlens {
namespace {

bool isJsonSpace(char c)
{
    return c == ' ' || c == '\n' || c == '\r' || c == '\t';
}

qsizetype skipSpace(const QByteArray &t, qsizetype i)
{
    while (i < t.size() && isJsonSpace(t[i]))
        ++i;
    return i;
}

Diagnostic fileError(const QString &file, const QString &message)
{
    Diagnostic d;
    d.file = file;
    d.message = printableText(message);
    return d;
}

} // namespace

DbtArtifact detectDbtArtifact(const QByteArray &head)
{
    // A cheap look at the text, not a parse: the reader checks everything again.
    qsizetype i = head.startsWith("\xEF\xBB\xBF") ? 3 : 0; // a UTF-8 byte order mark
    i = skipSpace(head, i);
    if (i >= head.size() || head[i] != '{')
        return DbtArtifact::None;
    const qsizetype open = i;
    static const QByteArray key = QByteArrayLiteral("\"dbt_schema_version\"");
    for (qsizetype at = head.indexOf(key, open); at >= 0; at = head.indexOf(key, at + 1)) {
        qsizetype j = skipSpace(head, at + key.size());
        if (j >= head.size() || head[j] != ':')
            continue;
        j = skipSpace(head, j + 1);
        if (j >= head.size() || head[j] != '"')
            continue; // the JSON Schema of an artifact has an object here, not a URL
        const qsizetype end = head.indexOf('"', j + 1);
        if (end < 0 || end - j > 256)
            continue;
        DbtArtifact kind = DbtArtifact::None;
        int version = 0;
        if (dbt::parseDbtSchemaUrl(std::string_view(head.constData() + j + 1, size_t(end - j - 1)),
                &kind, &version))
            return kind;
    }
    // Written with sorted keys, a manifest starts with child_map and keeps its metadata after
    // megabytes of macros.
    static const QByteArray childMap = QByteArrayLiteral("\"child_map\"");
    const qsizetype first = skipSpace(head, open + 1);
    if (head.mid(first, childMap.size()) == childMap
        && head.indexOf(':', first + childMap.size()) == skipSpace(head, first + childMap.size()))
        return DbtArtifact::Manifest;
    return DbtArtifact::None;
}

QString dbtArtifactFileName(DbtArtifact kind)
{
    switch (kind) {
    case DbtArtifact::Manifest: return u"manifest.json"_s;
    case DbtArtifact::RunResults: return u"run_results.json"_s;
    case DbtArtifact::Sources: return u"sources.json"_s;
    case DbtArtifact::Catalog: return u"catalog.json"_s;
    case DbtArtifact::None: break;
    }
    return {};
}

namespace {

// The manifest (the file at `manifestPath`, or `manifestBytes` named so) and its companions
// (files when `companions` is null, else the given texts).
IngestBatch readDbt(const QString &manifestPath, const QByteArray *manifestBytes,
                    const std::vector<DbtArtifactBytes> *companions, DbtReadSummary *summaryOut)
{
    IngestBatch batch;
    batch.source.source = u"dbt"_s;
    batch.source.file = manifestPath;
    DbtReadSummary summary;
    dbt::DbtDocument manifestDoc(DbtArtifact::Manifest, batch);
    const bool loaded = manifestBytes
        ? manifestDoc.loadBytes(std::string_view(manifestBytes->constData(),
                                                 size_t(manifestBytes->size())), manifestPath)
        : manifestDoc.load(manifestPath);
    if (loaded) {
        summary.filesRead << manifestPath;
        batch.observedAt = manifestDoc.generatedAt();
        dbt::DbtManifest manifest(manifestDoc, batch, summary);
        manifest.read();
        // The companions are the same run's only when they sit where dbt writes them, next to
        // a manifest.json; a renamed manifest is read alone (see readDbtOrphan).
        const QFileInfo info(manifestPath);
        const bool besideManifest = companions
            || info.fileName() == dbtArtifactFileName(DbtArtifact::Manifest);
        for (DbtArtifact kind : {DbtArtifact::RunResults, DbtArtifact::Sources, DbtArtifact::Catalog}) {
            if (!besideManifest)
                break;
            const DbtArtifactBytes *given = nullptr;
            if (companions) {
                const auto it = std::find_if(companions->begin(), companions->end(),
                    [kind](const DbtArtifactBytes &c) { return c.kind == kind; });
                if (it == companions->end())
                    continue;
                given = &*it;
            }
            const QString path = given ? given->fileName : info.dir().filePath(dbtArtifactFileName(kind));
            if (!given && !QFileInfo(path).isFile())
                continue;
            const bool validateOnly = kind == DbtArtifact::Catalog;
            dbt::DbtDocument doc(kind, batch, validateOnly);
            const bool ok = given
                ? doc.loadBytes(std::string_view(given->bytes.constData(), size_t(given->bytes.size())), path)
                : doc.load(path);
            if (!ok)
                continue;
            summary.filesRead << path;
            if (kind == DbtArtifact::RunResults)
                dbt::readRunResults(doc, manifest, batch, summary);
            else if (kind == DbtArtifact::Sources)
                dbt::readSourceFreshness(doc, manifest, batch, summary);
            else
                dbt::validateCatalog(doc);
        }
    }
    if (summaryOut)
        *summaryOut = summary;
    return batch;
}

} // namespace

IngestBatch readDbtArtifacts(const QString &manifestPath, DbtReadSummary *summary)
{
    return readDbt(manifestPath, nullptr, nullptr, summary);
}

IngestBatch readDbtArtifactsBytes(const QByteArray &manifest, const QString &manifestName,
                                  const std::vector<DbtArtifactBytes> &companions,
                                  DbtReadSummary *summary)
{
    return readDbt(manifestName, &manifest, &companions, summary);
}

IngestBatch readDbtOrphan(const QString &path, DbtArtifact kind)
{
    if (kind == DbtArtifact::Manifest)
        return readDbtArtifacts(path);
    IngestBatch batch;
    batch.source.source = u"dbt"_s;
    batch.source.file = path;
    const QFileInfo info(path);
    const QString name = info.fileName();
    const QString expected = dbtArtifactFileName(kind);
    const bool manifestNextToIt
        = QFileInfo(info.dir().filePath(dbtArtifactFileName(DbtArtifact::Manifest))).isFile();
    if (kind == DbtArtifact::None) {
        batch.diagnostics << fileError(path, name + u": not a dbt artifact"_s);
    } else if (!manifestNextToIt) {
        batch.diagnostics << fileError(
            path, name + u": needs the manifest.json of the same dbt run in the same folder"_s);
    } else if (name != expected) {
        batch.diagnostics << fileError(path,
            u"%1: a dbt %2 file is read with the manifest.json next to it only under the name "
            "dbt gives it, %3"_s.arg(name, dbt::dbtArtifactTitle(kind), expected));
    }
    // else: the manifest's read takes it; nothing to add here
    return batch;
}

} // namespace meshlens
