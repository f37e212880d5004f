#pragma once

#include <QString>
#include <QStringList>

#include <cstdint>
#include <vector>

namespace meshlens {

/// One `field:value` filter of a quick-open query.
struct SearchFilter {
    enum class Field { Kind, Owner, Domain, Product, Health };
    Field field = Field::Kind;
    bool negated = false;  ///< written `-field:value`: keeps what does NOT match
    QStringList values;    ///< `field:a,b`: any of them (lower case)
};

/// A quick-open query: fuzzy text plus filters. The syntax, word by word (words are
/// separated by spaces; a value may be quoted, `owner:"team x"`):
///
///   text           fuzzy-matched against every node's name and key; spaces between
///                  words are ignored ("cust ord" finds customer_orders)
///   kind:K   k:K   domain, product, port, dataset or job (a prefix will do: kind:prod)
///   owner:T  o:T   the owner contains T (owner:sales-core)
///   domain:T d:T   the node's domain (a domain: itself) has T in its name or key
///   product:T p:T  the node's product (a product: itself) has T in its name or key
///   health:H h:H   rolled-up quality: pass, warn, fail or unknown (a prefix will do)
///   -field:V       negation: everything except what field:V keeps
///   field:A,B      either A or B
///
/// Filters on different fields (or repeated) must all hold. A word with an unknown field
/// (`dataset:foo`) is text, so a pasted key searches as it is; and when the whole query is
/// exactly a node's key, that node comes first whatever the filters say. A word ending in
/// a colon (`kind:` while it is being typed) is ignored.
struct SearchQuery {
    QString text;  ///< the fuzzy part, words joined by single spaces
    std::vector<SearchFilter> filters;
    QString raw;          ///< the whole query, trimmed
    QStringList errors;   ///< values no node can have ("kind:table"), for the UI to show

    static SearchQuery parse(QStringView query);
    bool isEmpty() const { return text.isEmpty() && filters.empty(); }
};

/// Kind and health filters as bit sets: bit (1 << int(EntityKind)) / (1 << int(HealthState))
/// for each kind or state one of the filter's values names (before negation).
std::uint32_t kindBits(const SearchFilter &filter);
std::uint32_t healthBits(const SearchFilter &filter);

}  // namespace meshlens
