#include "searchquery.h"

#include "mesh/meshtypes.h"

using namespace Qt::StringLiterals;

namespace meshlens {

namespace {

struct FieldName {
    QStringView name;
    QStringView alias;
    SearchFilter::Field field;
};

constexpr FieldName kFields[] = {
    {u"kind", u"k", SearchFilter::Field::Kind},
    {u"owner", u"o", SearchFilter::Field::Owner},
    {u"domain", u"d", SearchFilter::Field::Domain},
    {u"product", u"p", SearchFilter::Field::Product},
    {u"health", u"h", SearchFilter::Field::Health},
};

// Splits on whitespace; double quotes group (and are dropped), so `owner:"a b"` is one word.
QStringList words(QStringView query)
{
    QStringList out;
    QString word;
    bool quoted = false, any = false;
    for (const QChar c : query) {
        if (c == u'"') {
            quoted = !quoted;
            any = true;
        } else if (c.isSpace() && !quoted) {
            if (any)
                out << word;
            word.clear();
            any = false;
        } else {
            word += c;
            any = true;
        }
    }
    if (any)
        out << word;
    return out;
}

// `value` names `name` when it is a prefix of it, or the name followed by a plural "s".
bool names(const QString &value, QStringView name)
{
    return !value.isEmpty() && (name.startsWith(value) || value == name.toString() + u's');
}

constexpr EntityKind kKinds[] = {EntityKind::Domain, EntityKind::Product, EntityKind::Port,
                                 EntityKind::Dataset, EntityKind::Job};
constexpr HealthState kStates[] = {HealthState::Pass, HealthState::Unknown, HealthState::Warn,
                                   HealthState::Fail};

}  // namespace

std::uint32_t kindBits(const SearchFilter &filter)
{
    std::uint32_t bits = 0;
    for (const QString &value : filter.values) {
        for (const EntityKind kind : kKinds) {
            if (names(value, entityKindName(kind)))
                bits |= 1u << int(kind);
        }
    }
    return bits;
}

std::uint32_t healthBits(const SearchFilter &filter)
{
    std::uint32_t bits = 0;
    for (const QString &value : filter.values) {
        HealthState state;
        if (parseHealthState(value, &state)) {
            bits |= 1u << int(state);
            continue;
        }
        for (const HealthState s : kStates) {
            if (names(value, healthStateName(s).toLower()))
                bits |= 1u << int(s);
        }
    }
    return bits;
}

SearchQuery SearchQuery::parse(QStringView query)
{
    SearchQuery q;
    q.raw = query.trimmed().toString();
    QStringList text;
    for (const QString &word : words(query)) {
        const qsizetype colon = word.indexOf(u':');
        const bool negated = word.startsWith(u'-');
        const FieldName *field = nullptr;
        if (colon > 0) {
            const QString name = word.mid(negated ? 1 : 0, colon - (negated ? 1 : 0)).toLower();
            for (const FieldName &f : kFields) {
                if (name == f.name || name == f.alias)
                    field = &f;
            }
        }
        if (!field) {
            text << word;
            continue;
        }
        SearchFilter filter;
        filter.field = field->field;
        filter.negated = negated;
        for (const QString &value : word.mid(colon + 1).split(u',', Qt::SkipEmptyParts))
            filter.values << value.trimmed().toLower();
        filter.values.removeAll(QString());
        if (filter.values.isEmpty())
            continue;  // "kind:" while it is typed
        // Each value on its own, so the message names the one that cannot match.
        const bool kind = filter.field == SearchFilter::Field::Kind;
        if (kind || filter.field == SearchFilter::Field::Health) {
            for (const QString &value : filter.values) {
                const SearchFilter one{filter.field, false, {value}};
                if ((kind ? kindBits(one) : healthBits(one)) == 0)
                    q.errors << u"%1: \"%2\" is not %3"_s.arg(
                        field->name.toString(), value,
                        kind ? u"domain, product, port, dataset or job"_s
                             : u"pass, warn, fail or unknown"_s);
            }
        }
        q.filters.push_back(std::move(filter));
    }
    q.text = text.join(u' ');
    return q;
}

}  // namespace meshlens
