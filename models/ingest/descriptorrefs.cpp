// Following a descriptor's "$ref"s inside its own folder tree. See descriptorrefs.h.

#include "descriptorrefs.h"
#include "printabletext.h"

#include <QDir>
#include <QFileInfo>

using namespace Qt::StringLiterals;

namespace meshlens {
namespace {

QString withSlash(QString dir)
{
    if (!dir.endsWith(u'/'))
        dir += u'/';
    return dir;
}

// JSON pointer unescaping (~1 is '/', ~0 is '~').
QString unescape(QString part)
{
    return part.replace(u"~1"_s, u"/"_s).replace(u"~0"_s, u"~"_s);
}

} // namespace

DescriptorRefs::DescriptorRefs(const YamlDocument &descriptor, Diagnostics *diagnostics,
                               DeclarationSummary *summary)
    : m_diagnostics(diagnostics), m_summary(summary)
{
    const QFileInfo info(descriptor.file());
    m_root = withSlash(QDir::cleanPath(info.absolutePath()));
    const QString canonical = QFileInfo(info.absolutePath()).canonicalFilePath();
    m_canonicalRoot = withSlash(canonical.isEmpty() ? m_root : canonical);
    m_rootFile = QDir::cleanPath(info.absoluteFilePath());
    m_documents.insert(m_rootFile, descriptor);
}

const YamlDocument *DescriptorRefs::document(const QString &file) const
{
    const auto it = m_documents.constFind(QDir::cleanPath(QFileInfo(file).absoluteFilePath()));
    return it == m_documents.cend() ? nullptr : &it.value();
}

void DescriptorRefs::error(const QString &file, const YAML::Node &at, const QString &message)
{
    Diagnostic d;
    d.file = file;
    const YamlPosition p = yamlPosition(at);
    d.line = p.line;
    d.column = p.column;
    d.offset = p.offset;
    d.message = printableText(message);
    *m_diagnostics << d;
}

std::optional<DescriptorRefs::Target> DescriptorRefs::follow(const YAML::Node &node,
                                                             const QString &file)
{
    // A node is identified by its file and its position there: reaching one twice is a cycle.
    auto identity = [](const Target &t) {
        const YamlPosition p = yamlPosition(t.node);
        return u"%1@%2:%3:%4"_s.arg(t.file).arg(p.offset).arg(p.line).arg(p.column);
    };
    Target current {node, file};
    QStringList seen {identity(current)};
    QStringList trail;
    for (int hop = 0;; ++hop) {
        const YAML::Node ref = YamlReader::child(current.node, "$ref");
        if (!ref.IsDefined())
            return current;
        if (!ref.IsScalar()) {
            error(current.file, ref, u"\"$ref\" is %1; expected a path such as "
                                     "\"ports/output.json\""_s.arg(yamlKindName(ref)));
            return std::nullopt;
        }
        const QString text = QString::fromStdString(ref.Scalar());
        if (hop >= kMaxRefHops) {
            error(current.file, ref, u"the $ref \"%1\" is number %2 in a chain; expected at "
                                     "most %3 $refs in a row"_s.arg(text).arg(hop + 1).arg(kMaxRefHops));
            return std::nullopt;
        }
        trail << QFileInfo(current.file).fileName() + u" -> "_s + text;
        std::optional<Target> next = step(text, ref, current.file);
        if (!next)
            return std::nullopt;
        const QString id = identity(*next);
        if (seen.contains(id)) {
            error(current.file, ref, u"the $ref \"%1\" leads back to a component already on "
                                     "its chain (%2): a $ref cycle; expected $refs that end in "
                                     "an object"_s.arg(text, trail.join(u", "_s)));
            return std::nullopt;
        }
        seen << id;
        current.node.reset(next->node);
        current.file = next->file;
    }
}

std::optional<DescriptorRefs::Target> DescriptorRefs::step(const QString &ref,
                                                           const YAML::Node &at,
                                                           const QString &file)
{
    const qsizetype hash = ref.indexOf(u'#');
    const QString path = hash < 0 ? ref : ref.left(hash);
    const QString fragment = hash < 0 ? QString() : ref.mid(hash + 1);
    QString target = QDir::cleanPath(QFileInfo(file).absoluteFilePath());
    if (!path.isEmpty()) {
        if (path.contains(u"://"_s) || QDir::isAbsolutePath(path) || path.startsWith(u'~')) {
            error(file, at, u"the $ref \"%1\" is not a relative path; expected a file inside "
                            "the descriptor's folder %2 (only those are read)"_s.arg(ref, m_root));
            return std::nullopt;
        }
        target = QDir::cleanPath(QFileInfo(file).absolutePath() + u'/' + path);
        if (!target.startsWith(m_root)) {
            error(file, at, u"the $ref \"%1\" leaves the descriptor's folder %2; expected a "
                            "file inside it"_s.arg(ref, m_root));
            return std::nullopt;
        }
        const QFileInfo info(target);
        if (!info.exists() || !info.isFile()) {
            error(file, at, u"the $ref \"%1\" names %2, which does not exist; expected a "
                            "file inside the descriptor's folder"_s.arg(ref, target));
            return std::nullopt;
        }
        if (!withSlash(info.canonicalFilePath()).startsWith(m_canonicalRoot)) {
            error(file, at, u"the $ref \"%1\" leads through a symbolic link out of the "
                            "descriptor's folder %2; expected a file inside it"_s.arg(ref, m_root));
            return std::nullopt;
        }
    }
    if (!m_documents.contains(target)) {
        if (m_documents.size() >= kMaxFiles) {
            error(file, at, u"the $ref \"%1\" would be file number %2; expected at most %3 "
                            "files referred to by one descriptor"_s
                                .arg(ref).arg(m_documents.size() + 1).arg(kMaxFiles));
            return std::nullopt;
        }
        const YamlDocument doc = YamlDocument::load(target, m_diagnostics);
        if (!doc.isValid()) {
            error(file, at, u"the $ref \"%1\" names a file that cannot be read (see the "
                            "diagnostics of %2); expected a YAML or JSON document"_s.arg(ref, target));
            return std::nullopt;
        }
        m_documents.insert(target, doc);
        if (m_summary)
            m_summary->filesRead << target;
    }
    const YamlDocument &doc = m_documents[target];
    if (m_summary)
        ++m_summary->refsResolved;
    if (fragment.isEmpty() || fragment == u"/")
        return Target {doc.root(), target};
    // "#components/..." in a port file: DPDS examples mean the descriptor's components when
    // the port file has none of its own.
    if (path.isEmpty() && target != m_rootFile) {
        if (const auto own = pointer(doc, fragment, at, file, ref, true))
            return Target {*own, target};
        if (const auto inRoot = pointer(m_documents[m_rootFile], fragment, at, file, ref, true))
            return Target {*inRoot, m_rootFile};
    }
    const std::optional<YAML::Node> node = pointer(doc, fragment, at, file, ref, false);
    if (!node)
        return std::nullopt;
    return Target {*node, target};
}

std::optional<YAML::Node> DescriptorRefs::pointer(const YamlDocument &doc,
                                                  const QString &fragment, const YAML::Node &at,
                                                  const QString &file, const QString &ref,
                                                  bool quiet)
{
    // "/a/b" (JSON pointer), "a/b" and "a.b" (the forms DPDS examples use).
    QString f = fragment;
    if (f.startsWith(u'/'))
        f.remove(0, 1);
    const QStringList parts = f.contains(u'/') ? f.split(u'/') : f.split(u'.');
    YAML::Node node = doc.root();
    for (const QString &raw : parts) {
        const QString part = unescape(raw);
        YAML::Node next(YAML::NodeType::Undefined);
        if (node.IsMap()) {
            next.reset(YamlReader::child(node, part.toStdString()));
        } else if (node.IsSequence()) {
            bool ok = false;
            const qsizetype index = part.toLongLong(&ok);
            if (ok && index >= 0 && size_t(index) < node.size())
                next.reset(YamlReader::items(node)[size_t(index)]);
        }
        if (!next.IsDefined()) {
            if (quiet)
                return std::nullopt;
            error(file, at, u"the $ref \"%1\" names \"%2\", which %3 does not have; expected "
                            "a path to an object in it"_s.arg(ref, part,
                                                              QFileInfo(doc.file()).fileName()));
            return std::nullopt;
        }
        node.reset(next);
    }
    return node;
}

} // namespace meshlens
