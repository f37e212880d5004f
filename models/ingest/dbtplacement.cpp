// Where a dbt node belongs: its domain, its product and its owner. What the project says
// outright wins (meta.domain, meta.data_product, meta.owner, in the node, its config or its
// source); else a dbt group is a product of the package's domain, owned by the group's owner;
// else the package is the domain and the first folder under models/ (fqn[1]) the product,
// a default placement that a mapping file's rule overrides (Placement::Default).

#include "dbtmanifest.h"

#include "simdjsonaccess.h"

#include <algorithm>

using namespace Qt::StringLiterals;
using simdjson::dom::array;
using simdjson::dom::element;
using simdjson::dom::object;

namespace meshlens::dbt {
namespace {

using jsonaccess::fromUtf8;
using jsonaccess::objectAt;

std::string_view stringAt(object o, std::string_view key)
{
    return jsonaccess::stringAt(o, key, std::size_t(kDbtMaxStringBytes));
}

} // namespace

void DbtManifest::readGroups()
{
    const Where root;
    object groups;
    if (!m_doc.object(m_doc.root(), "groups", root, false, &groups, "an object of groups"))
        return;
    for (auto [key, value] : groups) {
        object g, owner;
        if (value.get_object().get(g) != simdjson::SUCCESS)
            continue;
        const std::string_view name = stringAt(g, "name");
        if (name.empty() || !objectAt(g, "owner", &owner))
            continue;
        std::string_view who = stringAt(owner, "name");
        if (who.empty())
            who = stringAt(owner, "email");
        if (!who.empty())
            m_groupOwners.emplace(name, who);
    }
}

DbtManifest::Placement DbtManifest::placement(const Node &node, const Where &w)
{
    // meta.domain / meta.data_product say it outright; else a dbt group is a product of the
    // package's domain; else the package is the domain and the first folder the product.
    Placement p;
    std::string_view group = stringAt(node.obj, "group");
    object config;
    if (group.empty() && objectAt(node.obj, "config", &config))
        group = stringAt(config, "group");
    const auto groupOwner = group.empty() ? m_groupOwners.end() : m_groupOwners.find(group);
    const std::string_view owner = metaString(node, "owner");
    if (!owner.empty())
        p.owner = fromUtf8(owner);
    else if (groupOwner != m_groupOwners.end())
        p.owner = fromUtf8(groupOwner->second);

    std::string_view package;
    m_doc.string(node.obj, "package_name", w, false, &package);
    std::string_view domain = metaString(node, "domain");
    const bool saysDomain = !domain.empty();
    if (domain.empty())
        domain = package;
    const QString domainName = domain.empty() ? m_project : fromUtf8(domain);
    std::string_view product = metaString(node, "data_product");
    const bool saysProduct = !product.empty();
    QString productOwner;
    if (product.empty() && !group.empty()) {
        product = group;
        if (groupOwner != m_groupOwners.end())
            productOwner = fromUtf8(groupOwner->second);
    }
    if (product.empty()) {
        // fqn = [package, folders..., name]: a folder exists only with three parts or more.
        array fqn;
        std::string_view folder;
        if (m_doc.array(node.obj, "fqn", w, false, &fqn) && fqn.size() >= 3
            && fqn.at(1).get_string().get(folder) != simdjson::SUCCESS)
            folder = {};
        product = folder.empty() ? (package.empty() ? domain : package) : folder;
    }
    const QString productName = product.empty() ? domainName : fromUtf8(product);
    // Nothing in the project said where it belongs: the package and the folder are a
    // default, and a mapping file's rule may place it elsewhere.
    if (!saysDomain && !saysProduct && group.empty())
        p.rank = meshlens::Placement::Default;
    p.domainKey = ensureDomain(domainName);
    p.productKey = ensureProduct(p.domainKey, domainName, productName, p.rank, productOwner);
    return p;
}

std::string_view DbtManifest::metaString(const Node &node, std::string_view key)
{
    object config, meta;
    const bool haveConfig = objectAt(node.obj, "config", &config);
    for (int i = 0; i < 3; ++i) {
        const bool found = i == 0 ? objectAt(node.obj, "meta", &meta)
            : i == 1          ? haveConfig && objectAt(config, "meta", &meta)
                              : objectAt(node.obj, "source_meta", &meta);
        element v;
        if (!found || meta[key].get(v) != simdjson::SUCCESS)
            continue;
        std::string_view s;
        object o;
        array a;
        if (v.get_string().get(s) == simdjson::SUCCESS) {
        } else if (v.get_object().get(o) == simdjson::SUCCESS) {
            s = stringAt(o, "name");
            if (s.empty())
                s = stringAt(o, "email");
        } else if (v.get_array().get(a) == simdjson::SUCCESS && a.size() > 0
            && a.at(0).get_string().get(s) != simdjson::SUCCESS) {
            s = {};
        }
        if (!s.empty() && qint64(s.size()) <= kDbtMaxStringBytes)
            return s;
    }
    return {};
}

QString DbtManifest::ensureDomain(const QString &name)
{
    const QString key = u"domain:"_s + name;
    if (!m_domains.contains(key)) {
        Domain d;
        d.key = key;
        d.name = name;
        d.observedAt = generatedAt();
        m_domains.insert(key, int(m_batch.domains.size()));
        m_batch.domains.push_back(std::move(d));
    }
    return key;
}

QString DbtManifest::ensureProduct(const QString &domainKey, const QString &domain,
    const QString &name, meshlens::Placement rank, const QString &owner)
{
    const QString key = u"product:"_s + domain + u'.' + name;
    if (const int existing = m_products.value(key, -1); existing >= 0) {
        Product &p = m_batch.products[size_t(existing)];
        if (p.owner.isEmpty())
            p.owner = owner;
        p.placement = std::max(p.placement, rank);  // a node that names it makes it explicit
        return key;
    }
    Product p;
    p.key = key;
    p.name = name;
    p.domainKey = domainKey;
    p.placement = rank;
    p.owner = owner;
    p.observedAt = generatedAt();
    m_products.insert(key, int(m_batch.products.size()));
    m_batch.products.push_back(std::move(p));
    return key;
}

} // namespace meshlens::dbt
