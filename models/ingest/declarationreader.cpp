// Declarations: detection by top-level keys, dispatch to each format's reader, and the
// helpers they share (owners, quality rule counts, tiers).

#include "declarationformats.h"

#include <QHash>

using namespace Qt::StringLiterals;

namespace meshlens {
namespace {

// Top-level keys of a YAML document in block style: lines that start at column 0 with a key
// and a colon. Values are kept when they are plain scalars on the same line.
void scanYamlKeys(QByteArrayView head, QHash<QByteArray, QByteArray> *keys)
{
    qsizetype pos = 0;
    while (pos < head.size()) {
        qsizetype end = head.indexOf('\n', pos);
        if (end < 0)
            end = head.size();
        QByteArrayView line = head.sliced(pos, end - pos);
        pos = end + 1;
        if (line.isEmpty() || line[0] == ' ' || line[0] == '\t' || line[0] == '#'
            || line[0] == '-' || line.startsWith("...") || line[0] == '{' || line[0] == '[')
            continue;
        char quote = 0;
        if (line[0] == '"' || line[0] == '\'')
            quote = line[0];
        const qsizetype keyStart = quote ? 1 : 0;
        qsizetype colon = -1;
        for (qsizetype i = keyStart; i < line.size(); ++i) {
            if (quote ? line[i] == quote : line[i] == ':') {
                colon = quote ? line.indexOf(':', i) : i;
                break;
            }
        }
        if (colon <= keyStart || (colon + 1 < line.size() && line[colon + 1] != ' '
                                  && line[colon + 1] != '\t' && line[colon + 1] != '\r'))
            continue;
        QByteArray key = line.sliced(keyStart, colon - keyStart).toByteArray();
        if (quote)
            key.chop(key.endsWith(quote) ? 1 : 0);
        QByteArray value = line.sliced(colon + 1).toByteArray();
        if (const qsizetype hash = value.indexOf(" #"); hash >= 0)
            value.truncate(hash);
        value = value.trimmed();
        if (value.size() >= 2 && (value[0] == '"' || value[0] == '\'')
            && value.back() == value[0])
            value = value.mid(1, value.size() - 2);
        keys->insert(key.trimmed(), value);
    }
}

// Members of the outermost JSON object, with string values.
void scanJsonKeys(QByteArrayView head, QHash<QByteArray, QByteArray> *keys)
{
    int depth = 0;
    qsizetype i = 0;
    const qsizetype n = head.size();
    auto readString = [&](qsizetype from, qsizetype *after) {
        QByteArray s;
        qsizetype k = from + 1;
        for (; k < n && head[k] != '"'; ++k) {
            if (head[k] == '\\')
                ++k;
            else if (s.size() < 512)
                s += head[k];
        }
        *after = k + 1;
        return s;
    };
    while (i < n) {
        const char c = head[i];
        if (c == '"') {
            qsizetype after = 0;
            const QByteArray s = readString(i, &after);
            i = after;
            if (depth != 1)
                continue;
            qsizetype k = i;
            while (k < n && (head[k] == ' ' || head[k] == '\t' || head[k] == '\n' || head[k] == '\r'))
                ++k;
            if (k >= n || head[k] != ':')
                continue;
            ++k;
            while (k < n && (head[k] == ' ' || head[k] == '\t' || head[k] == '\n' || head[k] == '\r'))
                ++k;
            QByteArray value;
            if (k < n && head[k] == '"') {
                value = readString(k, &k);
                i = k;
            }
            keys->insert(s, value);
            continue;
        }
        if (c == '{' || c == '[')
            ++depth;
        else if (c == '}' || c == ']')
            --depth;
        ++i;
    }
}

} // namespace

QString declarationKindName(DeclarationKind kind)
{
    switch (kind) {
    case DeclarationKind::DataContractSpecification: return u"datacontract-specification"_s;
    case DeclarationKind::Odcs: return u"odcs"_s;
    case DeclarationKind::Odps: return u"odps"_s;
    case DeclarationKind::Odps4: return u"odps4"_s;
    case DeclarationKind::Dpds: return u"dpds"_s;
    case DeclarationKind::DmmDataProduct: return u"dmm-dataproduct"_s;
    case DeclarationKind::DmmUsageAgreement: return u"dmm-usage-agreement"_s;
    case DeclarationKind::None: break;
    }
    return u"none"_s;
}

bool isDataContract(DeclarationKind kind)
{
    return kind == DeclarationKind::DataContractSpecification || kind == DeclarationKind::Odcs;
}

DeclarationKind detectDeclaration(const QByteArray &head)
{
    QByteArrayView text(head);
    if (text.startsWith("\xEF\xBB\xBF"))
        text = text.sliced(3);
    QHash<QByteArray, QByteArray> keys;
    const QByteArrayView trimmed = text.trimmed();
    if (trimmed.startsWith('{'))
        scanJsonKeys(trimmed, &keys);
    else
        scanYamlKeys(text, &keys);
    if (keys.isEmpty())
        return DeclarationKind::None;
    if (keys.contains("dataContractSpecification"))
        return DeclarationKind::DataContractSpecification;
    if (keys.contains("dataUsageAgreementSpecification"))
        return DeclarationKind::DmmUsageAgreement;
    if (keys.contains("dataProductSpecification"))
        return DeclarationKind::DmmDataProduct;
    if (keys.contains("dataProductDescriptor"))
        return DeclarationKind::Dpds;
    const QByteArray kind = keys.value("kind");
    if (kind == "DataContract")
        return DeclarationKind::Odcs;
    if (kind == "DataProduct")
        return DeclarationKind::Odps;
    if (keys.contains("product")
        && (keys.value("schema").contains("opendataproducts.org") || text.contains("productID")))
        return DeclarationKind::Odps4;
    if (keys.contains("id") && keys.contains("info")
        && (keys.contains("outputPorts") || keys.contains("inputPorts")))
        return DeclarationKind::DmmDataProduct;
    return DeclarationKind::None;
}

namespace {

// The file at `path`, or `bytes` named `path` when given.
IngestBatch readDeclaration(const QString &path, const QByteArray *bytes, DeclarationKind kind,
                            DeclarationSummary *summary)
{
    IngestBatch batch;
    batch.source.source = declarationKindName(kind);
    batch.source.file = path;
    batch.observedAt = fileObservedAt(path);
    DeclarationSummary local;
    DeclarationSummary &s = summary ? *summary : local;
    s = DeclarationSummary {};
    s.kind = kind;
    s.filesRead << path;
    const YamlDocument doc = bytes ? YamlDocument::parse(*bytes, path, &batch.diagnostics)
                                   : YamlDocument::load(path, &batch.diagnostics);
    if (!doc.isValid())
        return batch;
    if (!doc.root().IsMap()) {
        Diagnostic d;
        d.file = path;
        d.line = 1;
        d.column = 1;
        d.message = u"the document is %1; expected a mapping (a %2 document)"_s.arg(
            yamlKindName(doc.root()), declarationKindName(kind));
        batch.diagnostics << d;
        return batch;
    }
    YamlReader r(doc, &batch.diagnostics);
    DeclaredMesh mesh(&batch, batch.observedAt);
    decl::Context c {path, doc, r, mesh, s};
    switch (kind) {
    case DeclarationKind::DataContractSpecification: decl::readDataContractSpecification(c); break;
    case DeclarationKind::Odcs: decl::readOdcs(c); break;
    case DeclarationKind::Odps: decl::readOdps(c); break;
    case DeclarationKind::Odps4: decl::readOdps4(c); break;
    case DeclarationKind::Dpds: decl::readDpds(c); break;
    case DeclarationKind::DmmDataProduct: decl::readDmmDataProduct(c); break;
    case DeclarationKind::DmmUsageAgreement: decl::readDmmUsageAgreement(c); break;
    case DeclarationKind::None:
        r.error(u"not a data contract or data product descriptor"_s);
        break;
    }
    return batch;
}

} // namespace

IngestBatch readDeclarationFile(const QString &path, DeclarationKind kind,
                                DeclarationSummary *summary)
{
    return readDeclaration(path, nullptr, kind, summary);
}

IngestBatch readDeclarationBytes(const QByteArray &bytes, const QString &fileName,
                                 DeclarationKind kind, DeclarationSummary *summary)
{
    return readDeclaration(fileName, &bytes, kind, summary);
}

namespace decl {

QString teamOwner(YamlReader &r, const YAML::Node &team)
{
    if (!team.IsDefined() || team.IsNull())
        return {};
    if (team.IsScalar())
        return r.scalar(team, u"team"_s);
    if (team.IsMap()) {
        const QString name = r.string(team, "name");
        if (!name.isEmpty())
            return name;
        return teamOwner(r, YamlReader::child(team, "members"));
    }
    if (!team.IsSequence()) {
        r.warning(team, u"\"team\" is %1; expected a team name, a list of members or a "
                        "mapping with name and members"_s.arg(yamlKindName(team)));
        return {};
    }
    for (const YAML::Node &member : YamlReader::items(team)) {
        const QString role = r.string(member, "role").toLower();
        if (!role.contains(u"owner"_s))
            continue;
        QString who = r.string(member, "username");
        if (who.isEmpty())
            who = r.string(member, "name");
        if (!who.isEmpty())
            return who;
    }
    return {};
}

int countQualityRules(const YAML::Node &node, int depth)
{
    // Depth is bounded by the YAML layer's walk (maxDepth), which also refused alias cycles.
    if (!node.IsDefined() || depth > 512)
        return 0;
    int n = 0;
    if (node.IsSequence()) {
        for (const YAML::Node &item : YamlReader::items(node))
            n += countQualityRules(item, depth + 1);
        return n;
    }
    if (!node.IsMap())
        return 0;
    const YAML::Node quality = YamlReader::child(node, "quality");
    if (quality.IsSequence())
        n += int(quality.size());
    else if (quality.IsMap() && quality.size() > 0)
        n += 1; // DCS 0.9: {type: SodaCL, specification: ...}, one rule set
    for (const char *nested : {"fields", "properties", "items"}) {
        const YAML::Node child = YamlReader::child(node, nested);
        if (child.IsMap() && std::string_view(nested) == "fields") {
            for (const auto &[name, field] : YamlReader::entries(child))
                n += countQualityRules(field, depth + 1);
        } else {
            n += countQualityRules(child, depth + 1);
        }
    }
    return n;
}

QString tierFor(const QString &archetype)
{
    const QString a = archetype.trimmed().toLower();
    if (a == u"source-aligned" || a == u"sourcealigned" || a == u"source" || a == u"raw")
        return u"source-aligned"_s;
    if (a == u"aggregate" || a == u"aggregated")
        return u"aggregate"_s;
    if (a == u"consumer-aligned" || a == u"consumeraligned" || a == u"consumer")
        return u"consumer-aligned"_s;
    return {};
}

} // namespace decl
} // namespace meshlens
