// Loading a YAML document safely: size cap, UTF-8 check, yaml-cpp parse with its exceptions
// turned into diagnostics, then one bounded walk over the tree (aliases followed) that
// catches alias bombs, cycles, deep nesting and huge scalars before any reader runs.

#include "yamlfile.h"
#include "printabletext.h"

#include <QFile>
#include <QFileInfo>
#include <QSet>

#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/yaml.h>

#include <new>
#include <string>

using namespace Qt::StringLiterals;

namespace meshlens {
namespace {

Diagnostic makeError(const QString &file, const QString &message)
{
    Diagnostic d;
    d.file = file;
    d.message = printableText(message);
    return d;
}

// Line and column (1-based, the column in bytes) of a byte offset.
void positionOf(const QByteArray &bytes, qint64 offset, Diagnostic *d)
{
    qint64 line = 1, lineStart = 0;
    for (qint64 i = 0; i < offset && i < bytes.size(); ++i) {
        if (bytes[i] == '\n') {
            ++line;
            lineStart = i + 1;
        }
    }
    d->line = line;
    d->column = offset - lineStart + 1;
    d->offset = offset;
}

// Offset of the first byte that is not UTF-8 text, or -1. Rejects overlong forms, surrogates
// and code points above U+10FFFF (what a strict decoder rejects), and the C0 control
// characters other than tab, LF and CR, which YAML does not allow in a document and which
// mark binary data.
qint64 firstBadByte(const QByteArray &bytes, QString *what)
{
    const auto *p = reinterpret_cast<const unsigned char *>(bytes.constData());
    const qint64 n = bytes.size();
    qint64 i = 0;
    if (n >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF)
        i = 3; // UTF-8 byte order mark
    while (i < n) {
        const unsigned char c = p[i];
        if (c < 0x80) {
            if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') {
                *what = u"a control character (0x%1)"_s.arg(int(c), 2, 16, QChar(u'0'));
                return i;
            }
            if (c == 0x7F) {
                *what = u"a control character (0x7f)"_s;
                return i;
            }
            ++i;
            continue;
        }
        int len = 0;
        unsigned min = 0;
        unsigned cp = 0;
        if ((c & 0xE0) == 0xC0) {
            len = 2;
            min = 0x80;
            cp = c & 0x1F;
        } else if ((c & 0xF0) == 0xE0) {
            len = 3;
            min = 0x800;
            cp = c & 0x0F;
        } else if ((c & 0xF8) == 0xF0) {
            len = 4;
            min = 0x10000;
            cp = c & 0x07;
        } else {
            *what = u"the byte 0x%1, which cannot start a UTF-8 sequence"_s.arg(int(c), 2, 16);
            return i;
        }
        if (i + len > n) {
            *what = u"a UTF-8 sequence cut off by the end of the file"_s;
            return i;
        }
        for (int k = 1; k < len; ++k) {
            if ((p[i + k] & 0xC0) != 0x80) {
                *what = u"an incomplete UTF-8 sequence"_s;
                return i;
            }
            cp = (cp << 6) | (p[i + k] & 0x3F);
        }
        if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
            *what = u"an invalid UTF-8 sequence (overlong, surrogate or beyond U+10FFFF)"_s;
            return i;
        }
        i += len;
    }
    return -1;
}

Diagnostic atMark(const QString &file, const YAML::Mark &mark, const QString &message)
{
    Diagnostic d = makeError(file, message);
    if (!mark.is_null()) {
        d.line = mark.line + 1;
        d.column = mark.column + 1;
        d.offset = mark.pos;
    }
    return d;
}

// A parse error at yaml-cpp's mark, which may lie past the end of the text (it reads ahead):
// then at the end. Control characters in yaml-cpp's message (it names the character it met,
// and 0x04 for the end of the input) are written out, so that the message stays one line of
// text.
Diagnostic atParseMark(const QString &file, const QByteArray &bytes, const YAML::Mark &mark,
                       const QString &message)
{
    Diagnostic d = atMark(file, mark, message);
    if (!mark.is_null() && mark.pos > bytes.size())
        positionOf(bytes, bytes.size(), &d);
    return d;
}

QString yamlMessage(const std::string &msg)
{
    QString out;
    for (const QChar c : QString::fromStdString(msg)) {
        if (c == u'\x04')
            out += u"the end of the input"_s;
        else if (c.unicode() < 0x20 || c.unicode() == 0x7F)
            out += u"U+"_s + QString::number(c.unicode(), 16).toUpper().rightJustified(4, u'0');
        else
            out += c;
    }
    return out;
}

// The bounded walk. Iterative (an alias cycle would make recursion endless) and stopped by the
// visit budget, so that a cycle or an exponential alias fan-out ends in a diagnostic.
bool walk(const YAML::Node &root, const QString &file, const YamlLimits &limits, qint64 budget,
          Diagnostics *out, qint64 *visits)
{
    struct Item {
        YAML::Node node;
        int depth;
    };
    std::vector<Item> stack;
    stack.push_back({root, 0});
    QSet<qint64> checkedMaps; // duplicate keys reported once per mapping, not once per alias
    qint64 count = 0;
    while (!stack.empty()) {
        Item item = std::move(stack.back());
        stack.pop_back();
        if (++count > budget) {
            *visits = count;
            *out << atMark(file, item.node.Mark(),
                           u"the document expands to more than %1 nodes when its aliases are "
                           "followed (an alias bomb or an alias cycle); expected a document "
                           "whose aliases refer to a bounded amount of data"_s.arg(budget));
            return false;
        }
        const YAML::Node &node = item.node;
        if (item.depth > limits.maxDepth) {
            *visits = count;
            *out << atMark(file, node.Mark(),
                           u"nested deeper than %1 levels (counting what aliases refer to: an "
                           "alias cycle never ends); expected at most %1 levels of mappings "
                           "and sequences"_s.arg(limits.maxDepth));
            return false;
        }
        switch (node.Type()) {
        case YAML::NodeType::Scalar:
            if (qint64(node.Scalar().size()) > limits.maxScalarBytes) {
                *visits = count;
                *out << atMark(file, node.Mark(),
                               u"a value of %1 bytes; expected at most %2 bytes"_s.arg(
                                   qint64(node.Scalar().size())).arg(limits.maxScalarBytes));
                return false;
            }
            break;
        case YAML::NodeType::Sequence:
            for (auto it = node.begin(); it != node.end(); ++it)
                stack.push_back({*it, item.depth + 1});
            break;
        case YAML::NodeType::Map: {
            const qint64 pos = node.Mark().pos;
            const bool check = node.size() > 1 && !checkedMaps.contains(pos);
            if (check)
                checkedMaps.insert(pos);
            QSet<QByteArray> keys;
            for (auto it = node.begin(); it != node.end(); ++it) {
                if (check && it->first.IsScalar()) {
                    const QByteArray key = QByteArray::fromStdString(it->first.Scalar());
                    if (keys.contains(key)) {
                        Diagnostic d = atMark(file, it->first.Mark(),
                            u"the key \"%1\" appears twice in one mapping; the first one is "
                            "read, expected unique keys"_s.arg(QString::fromUtf8(key)));
                        d.severity = Diagnostic::Severity::Warning;
                        *out << d;
                    }
                    keys.insert(key);
                }
                stack.push_back({it->first, item.depth + 1});
                stack.push_back({it->second, item.depth + 1});
            }
            break;
        }
        case YAML::NodeType::Null:
        case YAML::NodeType::Undefined:
            break;
        }
    }
    *visits = count;
    return true;
}

} // namespace

YamlDocument YamlDocument::load(const QString &path, Diagnostics *diagnostics,
                                const YamlLimits &limits)
{
    const QFileInfo info(path);
    if (info.size() > limits.maxFileBytes) {
        *diagnostics << makeError(path, u"the file has %1 bytes; expected a YAML or JSON "
                                        "document of at most %2 bytes"_s
                                            .arg(info.size()).arg(limits.maxFileBytes));
        return {};
    }
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *diagnostics << makeError(path, u"cannot open: "_s + file.errorString());
        return {};
    }
    // read() at most one byte past the cap: a file that grew since the size check is caught.
    const QByteArray bytes = file.read(limits.maxFileBytes + 1);
    if (qint64(bytes.size()) > limits.maxFileBytes) {
        *diagnostics << makeError(path, u"the file has more than %1 bytes; expected a YAML or "
                                        "JSON document of at most %1 bytes"_s
                                            .arg(limits.maxFileBytes));
        return {};
    }
    return parse(bytes, path, diagnostics, limits);
}

YamlDocument YamlDocument::parse(const QByteArray &bytes, const QString &file,
                                 Diagnostics *diagnostics, const YamlLimits &limits)
{
    YamlDocument doc;
    doc.m_file = file;
    if (qint64(bytes.size()) > limits.maxFileBytes) {
        *diagnostics << makeError(file, u"the document has %1 bytes; expected at most %2"_s
                                            .arg(bytes.size()).arg(limits.maxFileBytes));
        return doc;
    }
    QString what;
    if (const qint64 bad = firstBadByte(bytes, &what); bad >= 0) {
        Diagnostic d = makeError(file, u"%1 at byte %2; expected UTF-8 text (YAML or JSON)"_s
                                           .arg(what).arg(bad));
        positionOf(bytes, bad, &d);
        *diagnostics << d;
        return doc;
    }
    try {
        doc.m_root = YAML::Load(bytes.toStdString());
    } catch (const YAML::DeepRecursion &e) {
        *diagnostics << atParseMark(file, bytes, e.mark,
                                    u"nested deeper than %1 levels; expected at most %2 levels of "
                                    "mappings and sequences"_s.arg(e.depth()).arg(limits.maxDepth));
        return doc;
    } catch (const YAML::ParserException &e) {
        *diagnostics << atParseMark(file, bytes, e.mark,
                                    u"not valid YAML: %1; expected a YAML or JSON document"_s.arg(
                                        yamlMessage(e.msg)));
        return doc;
    } catch (const YAML::Exception &e) {
        *diagnostics << atParseMark(file, bytes, e.mark, u"cannot read the YAML: %1"_s.arg(
                                                             yamlMessage(e.msg)));
        return doc;
    } catch (const std::bad_alloc &) {
        *diagnostics << makeError(file, u"out of memory while parsing the YAML"_s);
        return doc;
    } catch (const std::exception &e) {
        *diagnostics << makeError(file, u"cannot read the YAML: %1"_s.arg(
                                            QString::fromUtf8(e.what())));
        return doc;
    }
    if (!doc.m_root.IsDefined() || doc.m_root.IsNull()) {
        *diagnostics << makeError(file, u"the document is empty (only blanks or comments); "
                                        "expected a YAML mapping or JSON object"_s);
        return doc;
    }
    const qint64 budget = limits.maxNodeVisits > 0 ? limits.maxNodeVisits
                                                   : 250000 + 4 * qint64(bytes.size());
    try {
        doc.m_valid = walk(doc.m_root, file, limits, budget, diagnostics, &doc.m_visits);
    } catch (const std::exception &e) {
        *diagnostics << makeError(file, u"cannot walk the YAML: %1"_s.arg(
                                            QString::fromUtf8(e.what())));
        doc.m_valid = false;
    }
    return doc;
}

} // namespace meshlens
