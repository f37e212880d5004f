// Loading the mapping file (mapping.h): the YAML layer makes the document safe and positions
// every diagnostic; this file checks the shape and compiles the globs.

#include "mapping.h"
#include "yamlfile.h"

#include <QSet>

#include <initializer_list>
#include <string_view>

using namespace Qt::StringLiterals;

namespace meshlens {
namespace {

constexpr qint64 kSupportedVersion = 1;

// Warns about every key of `map` that is not in `known`: a misspelt key would otherwise be
// ignored without a word (e.g. "namespaceAlias" for "namespaceAliases").
void warnUnknownKeys(YamlReader &r, const YAML::Node &map, std::initializer_list<std::string_view> known,
                     const QString &where)
{
    QStringList knownText;
    for (std::string_view k : known)
        knownText << QString::fromUtf8(k.data(), qsizetype(k.size()));
    for (const auto &[key, value] : YamlReader::entries(map)) {
        bool isKnown = false;
        for (std::string_view k : known)
            isKnown = isKnown || key == k;
        if (!isKnown)
            r.warning(value, u"unknown key \"%1\" in %2 (ignored): expected one of %3"_s
                                 .arg(QString::fromStdString(key), where, knownText.join(u", "_s)));
    }
}

// A glob under `key` of `match`; an absent key matches everything.
GlobPattern globAt(YamlReader &r, const YAML::Node &match, std::string_view key, const QString &where)
{
    QString error;
    if (!YamlReader::has(match, key))
        return GlobPattern::compile(u"*"_s, &error);
    const YAML::Node node = YamlReader::child(match, key);
    const QString text = r.string(match, key);
    if (!node.IsScalar())
        return {};  // string() said what was wrong
    GlobPattern glob = GlobPattern::compile(text, &error);
    if (!glob.isValid())
        r.error(node, u"%1.%2: invalid glob \"%3\": %4"_s
                          .arg(where, QString::fromUtf8(key.data(), qsizetype(key.size())), text, error));
    return glob;
}

void readAliases(YamlReader &r, const YAML::Node &root, Mapping &mapping)
{
    const YAML::Node list = r.sequence(root, "namespaceAliases");
    QSet<QString> reported;  // canonical namespaces already said to be aliases
    int i = 0;
    for (const YAML::Node &entry : YamlReader::items(list)) {
        const QString where = u"namespaceAliases[%1]"_s.arg(i++);
        if (!entry.IsMap()) {
            r.error(entry, u"%1: expected a mapping with \"canonical\" and \"aliases\", found %2"_s
                               .arg(where, yamlKindName(entry)));
            continue;
        }
        warnUnknownKeys(r, entry, {"canonical", "aliases"}, where);
        const QString canonical = r.string(entry, "canonical", YamlReader::Required);
        const QStringList aliases = r.strings(entry, "aliases", YamlReader::Required);
        if (canonical.isEmpty())
            continue;
        if (mapping.aliases.contains(canonical) && !reported.contains(canonical)) {
            reported.insert(canonical);
            r.error(YamlReader::child(entry, "canonical"),
                    u"%1: canonical namespace \"%2\" is declared as an alias of \"%3\" too: "
                    "expected a namespace to be either canonical or an alias"_s
                        .arg(where, canonical, mapping.aliases.value(canonical)));
        }
        for (const QString &alias : aliases) {
            const YAML::Node at = YamlReader::child(entry, "aliases");
            if (alias == canonical) {
                r.warning(at, u"%1: \"%2\" is listed as an alias of itself (ignored)"_s.arg(where, alias));
                continue;
            }
            const QString earlier = mapping.aliases.value(alias);
            if (!earlier.isEmpty() && earlier != canonical) {
                r.error(at, u"%1: alias \"%2\" is claimed by \"%3\" and \"%4\": expected each alias "
                            "to have one canonical namespace"_s
                                .arg(where, alias, earlier, canonical));
                continue;
            }
            mapping.addAlias(alias, canonical);
        }
    }
    // A canonical namespace declared as an alias later in the file.
    for (auto it = mapping.aliases.cbegin(); it != mapping.aliases.cend(); ++it) {
        if (mapping.aliases.contains(it.value()) && !reported.contains(it.value())) {
            reported.insert(it.value());
            r.error(list, u"namespaceAliases: \"%1\" is both a canonical namespace and an alias of "
                          "\"%2\": expected aliases to point at a namespace that is no alias"_s
                              .arg(it.value(), mapping.aliases.value(it.value())));
        }
    }
}

void readRules(YamlReader &r, const YAML::Node &root, Mapping &mapping)
{
    const YAML::Node list = r.sequence(root, "domains");
    int i = 0;
    for (const YAML::Node &entry : YamlReader::items(list)) {
        const QString where = u"domains[%1]"_s.arg(i++);
        if (!entry.IsMap()) {
            r.error(entry, u"%1: expected a mapping with \"domain\", \"product\" and \"match\", found %2"_s
                               .arg(where, yamlKindName(entry)));
            continue;
        }
        warnUnknownKeys(r, entry, {"domain", "product", "match"}, where);
        MappingRule rule;
        rule.line = yamlPosition(entry).line;
        rule.domain = r.string(entry, "domain", YamlReader::Required).trimmed();
        rule.product = r.string(entry, "product").trimmed();
        if (YamlReader::has(entry, "domain") && rule.domain.isEmpty()
            && YamlReader::child(entry, "domain").IsScalar())
            r.error(YamlReader::child(entry, "domain"), where + u": empty domain: expected a domain name"_s);
        const YAML::Node match = r.map(entry, "match");
        if (match.IsDefined())
            warnUnknownKeys(r, match, {"namespace", "name"}, where + u".match"_s);
        rule.ns = globAt(r, match, "namespace", where + u".match"_s);
        rule.name = globAt(r, match, "name", where + u".match"_s);
        if (!rule.domain.isEmpty() && rule.ns.isValid() && rule.name.isValid())
            mapping.rules.push_back(std::move(rule));
    }
}

// The mapping in a loaded (or failed) document; `local` holds what loading said already.
Result<Mapping> mappingFrom(const YamlDocument &doc, Diagnostics local, Diagnostics *diagnostics)
{
    Mapping mapping;
    mapping.file = doc.file();
    if (doc.isValid()) {
        YamlReader r(doc, &local);
        const YAML::Node &root = doc.root();
        if (!root.IsMap()) {
            r.error(root, u"expected a mapping with \"meshlensMapping: 1\" at the top, found %1"_s
                              .arg(yamlKindName(root)));
        } else {
            const std::optional<qint64> version = r.integer(root, "meshlensMapping", YamlReader::Required);
            if (version && *version != kSupportedVersion)
                r.error(YamlReader::child(root, "meshlensMapping"),
                        u"unsupported mapping version %1: expected meshlensMapping: %2"_s
                            .arg(*version).arg(kSupportedVersion));
            warnUnknownKeys(r, root, {"meshlensMapping", "namespaceAliases", "domains"},
                            u"the mapping file"_s);
            readAliases(r, root, mapping);
            readRules(r, root, mapping);
        }
    }
    if (diagnostics)
        *diagnostics << local;
    if (!hasErrors(local))
        return mapping;
    QStringList errors;
    for (const Diagnostic &d : local) {
        if (d.severity == Diagnostic::Severity::Error)
            errors << d.toString();
    }
    return Error {errors.join(u'\n')};
}

}  // namespace

Result<Mapping> parseMapping(const QByteArray &yaml, const QString &file, Diagnostics *diagnostics)
{
    Diagnostics local;
    const YamlDocument doc = YamlDocument::parse(yaml, file, &local);
    return mappingFrom(doc, std::move(local), diagnostics);
}

Result<Mapping> loadMapping(const QString &path, Diagnostics *diagnostics)
{
    Diagnostics local;
    const YamlDocument doc = YamlDocument::load(path, &local);
    return mappingFrom(doc, std::move(local), diagnostics);
}

}  // namespace meshlens
