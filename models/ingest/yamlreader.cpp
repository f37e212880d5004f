// YamlReader: typed lookups in a loaded YAML document, each surprise a diagnostic with the
// node's position. Declared in yamlfile.h.

#include "yamlfile.h"

#include "printabletext.h"

#include <yaml-cpp/yaml.h>

using namespace Qt::StringLiterals;

namespace meshlens {
namespace {

QString keyText(std::string_view key)
{
    return QString::fromUtf8(key.data(), qsizetype(key.size()));
}

YAML::Node undefinedNode()
{
    return YAML::Node(YAML::NodeType::Undefined);
}

QString shortText(const std::string &s)
{
    QString t = printableText(QString::fromStdString(s.size() > 60 ? s.substr(0, 60) : s));
    if (s.size() > 60)
        t += u'…';
    return t;
}

// The value of `key` in `map`, and the key node itself (for positions) when asked.
YAML::Node findEntry(const YAML::Node &map, std::string_view key,
                     std::optional<YAML::Node> *keyNode)
{
    if (!map.IsDefined() || !map.IsMap())
        return undefinedNode();
    for (auto it = map.begin(); it != map.end(); ++it) {
        if (it->first.IsScalar() && it->first.Scalar() == key) {
            if (keyNode)
                keyNode->emplace(it->first); // never Node::operator=: it rewrites the tree
            return it->second;
        }
    }
    return undefinedNode();
}

} // namespace

YamlPosition yamlPosition(const YAML::Node &node)
{
    YamlPosition p;
    if (!node.IsDefined())
        return p;
    const YAML::Mark m = node.Mark();
    if (m.is_null())
        return p;
    p.line = m.line + 1;
    p.column = m.column + 1;
    p.offset = m.pos;
    return p;
}

QString yamlKindName(const YAML::Node &node)
{
    if (!node.IsDefined())
        return u"nothing"_s;
    switch (node.Type()) {
    case YAML::NodeType::Map: return u"a mapping"_s;
    case YAML::NodeType::Sequence: return u"a sequence"_s;
    case YAML::NodeType::Scalar: return u"the value \""_s + shortText(node.Scalar()) + u'"';
    case YAML::NodeType::Null: return u"null"_s;
    case YAML::NodeType::Undefined: break;
    }
    return u"nothing"_s;
}

YamlReader::YamlReader(const YamlDocument &document, Diagnostics *diagnostics)
    : m_file(document.file()), m_diagnostics(diagnostics)
{
}

YAML::Node YamlReader::child(const YAML::Node &map, std::string_view key)
{
    return findEntry(map, key, nullptr);
}

bool YamlReader::has(const YAML::Node &map, std::string_view key)
{
    const YAML::Node n = child(map, key);
    return n.IsDefined() && !n.IsNull();
}

std::vector<std::pair<std::string, YAML::Node>> YamlReader::entries(const YAML::Node &map)
{
    std::vector<std::pair<std::string, YAML::Node>> out;
    if (!map.IsDefined() || !map.IsMap())
        return out;
    out.reserve(map.size());
    for (auto it = map.begin(); it != map.end(); ++it) {
        if (it->first.IsScalar())
            out.emplace_back(it->first.Scalar(), it->second);
    }
    return out;
}

std::vector<YAML::Node> YamlReader::items(const YAML::Node &sequence)
{
    std::vector<YAML::Node> out;
    if (!sequence.IsDefined() || !sequence.IsSequence())
        return out;
    out.reserve(sequence.size());
    for (auto it = sequence.begin(); it != sequence.end(); ++it)
        out.push_back(*it);
    return out;
}

YAML::Node YamlReader::present(const YAML::Node &map, std::string_view key, Need need,
                               const char *expected)
{
    std::optional<YAML::Node> keyNode;
    const YAML::Node n = findEntry(map, key, &keyNode);
    if (n.IsDefined() && !n.IsNull())
        return n;
    if (need != Optional) {
        // An empty value is reported at its key; a missing key at the mapping that lacks it.
        const bool empty = keyNode.has_value();
        const QString message = (empty ? u"\"%1\" is empty; expected %2"_s
                                       : u"\"%1\" is missing; expected %2"_s)
                                    .arg(keyText(key), QString::fromLatin1(expected));
        add(need == Required ? Diagnostic::Severity::Error : Diagnostic::Severity::Warning,
            empty ? *keyNode : map, message);
    }
    return undefinedNode();
}

void YamlReader::wrongType(const YAML::Node &node, std::string_view key, const char *expected)
{
    add(Diagnostic::Severity::Error, node,
        u"\"%1\" is %2; expected %3"_s.arg(keyText(key), yamlKindName(node),
                                           QString::fromLatin1(expected)));
}

QString YamlReader::string(const YAML::Node &map, std::string_view key, Need need,
                           qint64 maxBytes)
{
    const YAML::Node n = present(map, key, need, "a string");
    if (!n.IsDefined())
        return {};
    if (!n.IsScalar()) {
        wrongType(n, key, "a string");
        return {};
    }
    return scalar(n, keyText(key), maxBytes);
}

QString YamlReader::scalar(const YAML::Node &node, const QString &what, qint64 maxBytes)
{
    if (!node.IsDefined() || node.IsNull())
        return {};
    if (!node.IsScalar()) {
        add(Diagnostic::Severity::Error, node,
            u"\"%1\" is %2; expected a string"_s.arg(what, yamlKindName(node)));
        return {};
    }
    const std::string &s = node.Scalar();
    if (qint64(s.size()) > maxBytes) {
        add(Diagnostic::Severity::Error, node,
            u"\"%1\" is %2 bytes long; expected at most %3 bytes"_s.arg(what)
                .arg(qint64(s.size())).arg(maxBytes));
        return {};
    }
    return QString::fromStdString(s);
}

std::optional<double> YamlReader::number(const YAML::Node &map, std::string_view key, Need need)
{
    const YAML::Node n = present(map, key, need, "a number");
    if (!n.IsDefined())
        return std::nullopt;
    bool ok = false;
    double v = 0;
    if (n.IsScalar())
        v = QByteArray::fromStdString(n.Scalar()).trimmed().toDouble(&ok);
    if (!ok) {
        wrongType(n, key, "a number");
        return std::nullopt;
    }
    return v;
}

std::optional<qint64> YamlReader::integer(const YAML::Node &map, std::string_view key, Need need)
{
    const YAML::Node n = present(map, key, need, "an integer");
    if (!n.IsDefined())
        return std::nullopt;
    bool ok = false;
    qint64 v = 0;
    if (n.IsScalar())
        v = QByteArray::fromStdString(n.Scalar()).trimmed().toLongLong(&ok);
    if (!ok) {
        wrongType(n, key, "an integer");
        return std::nullopt;
    }
    return v;
}

std::optional<bool> YamlReader::boolean(const YAML::Node &map, std::string_view key, Need need)
{
    const YAML::Node n = present(map, key, need, "true or false");
    if (!n.IsDefined())
        return std::nullopt;
    if (n.IsScalar()) {
        // YAML 1.1 spellings too: files written for PyYAML use them.
        const QByteArray v = QByteArray::fromStdString(n.Scalar()).trimmed().toLower();
        if (v == "true" || v == "yes" || v == "on")
            return true;
        if (v == "false" || v == "no" || v == "off")
            return false;
    }
    wrongType(n, key, "true or false");
    return std::nullopt;
}

YAML::Node YamlReader::map(const YAML::Node &parent, std::string_view key, Need need)
{
    const YAML::Node n = present(parent, key, need, "a mapping");
    if (!n.IsDefined())
        return n;
    if (!n.IsMap()) {
        wrongType(n, key, "a mapping");
        return undefinedNode();
    }
    return n;
}

YAML::Node YamlReader::sequence(const YAML::Node &parent, std::string_view key, Need need)
{
    const YAML::Node n = present(parent, key, need, "a sequence");
    if (!n.IsDefined())
        return n;
    if (!n.IsSequence()) {
        wrongType(n, key, "a sequence");
        return undefinedNode();
    }
    return n;
}

QStringList YamlReader::strings(const YAML::Node &parent, std::string_view key, Need need)
{
    const YAML::Node n = present(parent, key, need, "a list of strings");
    QStringList out;
    if (!n.IsDefined())
        return out;
    if (n.IsScalar()) {
        out << scalar(n, keyText(key));
        return out;
    }
    if (!n.IsSequence()) {
        wrongType(n, key, "a list of strings");
        return out;
    }
    int i = 0;
    for (const YAML::Node &item : items(n)) {
        const QString s = scalar(item, u"%1[%2]"_s.arg(keyText(key)).arg(i++));
        if (!s.isEmpty())
            out << s;
    }
    return out;
}

void YamlReader::error(const YAML::Node &at, const QString &message)
{
    add(Diagnostic::Severity::Error, at, message);
}

void YamlReader::warning(const YAML::Node &at, const QString &message)
{
    add(Diagnostic::Severity::Warning, at, message);
}

void YamlReader::error(const QString &message)
{
    Diagnostic d;
    d.file = m_file;
    d.message = printableText(message);
    *m_diagnostics << d;
}

void YamlReader::add(Diagnostic::Severity severity, const YAML::Node &at, const QString &message)
{
    Diagnostic d;
    d.severity = severity;
    d.file = m_file;
    const YamlPosition p = yamlPosition(at);
    d.line = p.line;
    d.column = p.column;
    d.offset = p.offset;
    d.message = printableText(message);
    *m_diagnostics << d;
}

} // namespace meshlens
