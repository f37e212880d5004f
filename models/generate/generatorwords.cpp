// The vocabulary of generated meshes: domain, product, table and column names a data
// platform team would recognise, themed per domain ("orders" and "quotes" in sales,
// "shipments" in logistics), and the rules that keep them unique.

#include "generatorwords.h"

#include <algorithm>
#include <array>

namespace meshlens::gen {
namespace {

using namespace std::string_view_literals;

// Word tables, laid out by hand.
// clang-format off
// Ordered roughly by how large such a domain tends to be: the Zipf weights give the first
// ones the most products.
constexpr std::array kDomainWords = {
    "sales"sv, "marketing"sv, "finance"sv, "logistics"sv, "customer"sv, "inventory"sv, "payments"sv,
    "risk"sv, "hr"sv, "supply_chain"sv, "product"sv, "pricing"sv, "fraud"sv, "support"sv,
    "billing"sv, "procurement"sv, "manufacturing"sv, "legal"sv, "compliance"sv, "analytics"sv,
    "ads"sv, "search"sv, "recommendations"sv, "identity"sv, "shipping"sv, "returns"sv, "loyalty"sv,
    "catalog"sv, "content"sv, "media"sv, "telemetry"sv, "security"sv, "partners"sv, "treasury"sv,
    "tax"sv, "facilities"sv, "research"sv, "claims"sv, "underwriting"sv, "stores"sv,
};

// Large meshes repeat the domain words per region, as big companies split domains.
constexpr std::array kRegions = {
    "emea"sv, "apac"sv, "amer"sv, "latam"sv, "eu"sv, "us"sv, "uk"sv, "de"sv, "fr"sv, "jp"sv, "in"sv,
    "br"sv, "mx"sv, "au"sv, "ca"sv, "sg"sv,
};

struct Theme {
    std::string_view domain;
    std::array<std::string_view, 9> products;
    std::array<std::string_view, 10> entities; ///< what its tables are about
};
constexpr std::array kThemes = {
    Theme {"sales",
        {"orders", "customers", "carts", "quotes", "opportunities", "revenue", "channels",
            "territories", "order_returns"},
        {"order", "order_line", "customer", "quote", "opportunity", "cart", "price", "store",
            "channel", "return"}},
    Theme {"marketing",
        {"campaigns", "leads", "attribution", "audiences", "email_events", "web_sessions",
            "ad_spend", "promotions", "segments"},
        {"campaign", "lead", "click", "impression", "session", "segment", "audience", "email_send",
            "visit", "coupon"}},
    Theme {"finance",
        {"ledger", "invoices", "budgets", "forecasts", "revenue_recognition", "costs", "fx_rates",
            "accruals", "cash_flow"},
        {"ledger_entry", "invoice", "budget", "forecast", "currency_rate", "cost_center", "account",
            "payment", "accrual", "balance"}},
    Theme {"logistics",
        {"shipments", "routes", "carriers", "warehouses", "deliveries", "tracking", "fleet",
            "dock_schedules", "parcels"},
        {"shipment", "route", "carrier", "warehouse", "delivery", "parcel", "vehicle", "stop",
            "address", "region"}},
    Theme {"customer",
        {"profiles", "accounts", "consents", "interactions", "churn", "lifetime_value",
            "households", "preferences", "addresses"},
        {"customer", "profile", "account", "consent", "address", "household", "interaction",
            "preference", "segment", "user"}},
    Theme {"inventory",
        {"stock_levels", "sku_catalog", "replenishment", "stock_movements", "locations",
            "reservations", "cycle_counts", "shrinkage", "bins"},
        {"sku", "stock_level", "warehouse", "location", "reservation", "movement", "bin", "product",
            "supplier", "store"}},
    Theme {"payments",
        {"transactions", "settlements", "chargebacks", "refunds", "payouts", "payment_methods",
            "disputes", "authorizations", "fees"},
        {"payment", "transaction", "settlement", "chargeback", "refund", "payout", "fee",
            "authorization", "dispute", "account"}},
    Theme {"risk",
        {"exposures", "credit_scores", "limits", "alerts", "risk_models", "incidents",
            "stress_tests", "collateral", "watchlists"},
        {"exposure", "position", "limit", "alert", "risk_score", "collateral", "counterparty",
            "account", "transaction", "balance"}},
    Theme {"hr",
        {"employees", "payroll", "recruiting", "performance", "absences", "org_structure",
            "benefits", "trainings", "headcount"},
        {"employee", "position", "payroll_run", "absence", "training", "candidate", "org_unit",
            "contract", "region", "calendar"}},
    Theme {"supply_chain",
        {"suppliers", "purchase_orders", "demand_forecasts", "lead_times", "supplier_contracts",
            "inspections", "capacity", "sourcing", "tariffs"},
        {"supplier", "purchase_order", "forecast", "shipment", "contract", "inspection", "sku",
            "warehouse", "price", "region"}},
    Theme {"product",
        {"catalog", "pricing_rules", "features", "reviews", "listings", "assortment", "bundles",
            "variants", "availability"},
        {"product", "sku", "feature", "review", "listing", "variant", "bundle", "price", "store",
            "category"}},
    Theme {"pricing",
        {"price_lists", "discounts", "elasticity", "competitor_prices", "markdowns", "price_tests",
            "margins", "rebates", "quotes_pricing"},
        {"price", "discount", "price_list", "competitor_price", "markdown", "margin", "promotion",
            "sku", "store", "region"}},
    Theme {"fraud",
        {"fraud_signals", "cases", "device_fingerprints", "rules", "blocklists", "investigations",
            "velocity", "scores", "labels"},
        {"fraud_score", "case", "device", "rule", "signal", "transaction", "label", "account",
            "user", "payment"}},
    Theme {"support",
        {"tickets", "conversations", "satisfaction", "knowledge_base", "sla_tracking",
            "escalations", "agents", "call_logs", "surveys"},
        {"ticket", "conversation", "survey", "agent", "call", "escalation", "article", "customer",
            "user", "session"}},
    Theme {"billing",
        {"subscriptions", "usage", "billing_invoices", "plans", "dunning", "credits",
            "billing_accounts", "tax_lines", "statements"},
        {"subscription", "invoice", "usage_record", "plan", "credit", "account", "statement",
            "payment", "customer", "price"}},
};

constexpr std::array kGeneralProducts = {
    "orders"sv, "customers"sv, "sessions"sv, "invoices"sv, "shipments"sv, "campaigns"sv, "leads"sv,
    "accounts"sv, "transactions"sv, "refunds"sv, "clickstream"sv, "impressions"sv,
    "subscriptions"sv, "contracts"sv, "tickets"sv, "stock_levels"sv, "price_lists"sv, "forecasts"sv,
    "ledger"sv, "employees"sv, "suppliers"sv, "devices"sv, "audits"sv, "cohorts"sv, "churn"sv,
    "revenue"sv, "margins"sv, "attribution"sv, "fulfilment"sv, "reviews"sv, "listings"sv, "carts"sv,
    "vouchers"sv, "settlements"sv, "chargebacks"sv, "kyc"sv, "exposures"sv, "budgets"sv, "routes"sv,
    "warehouses"sv, "events"sv, "metrics"sv, "documents"sv, "assets"sv, "claims"sv, "policies"sv,
    "partners"sv, "vendors"sv,
};

constexpr std::array kProductQualifiers = {
    "eu"sv, "us"sv, "apac"sv, "realtime"sv, "daily"sv, "history"sv, "v2"sv, "b2b"sv, "b2c"sv,
    "mobile"sv, "web"sv, "partner"sv, "legacy"sv, "core"sv, "global"sv, "retail"sv,
};

constexpr std::array kEntityWords = {
    "order"sv, "order_line"sv, "customer"sv, "session"sv, "event"sv, "invoice"sv, "shipment"sv,
    "payment"sv, "account"sv, "product"sv, "price"sv, "store"sv, "device"sv, "user"sv, "visit"sv,
    "campaign"sv, "lead"sv, "ticket"sv, "contract"sv, "supplier"sv, "employee"sv, "transaction"sv,
    "balance"sv, "position"sv, "claim"sv, "policy"sv, "sku"sv, "basket"sv, "address"sv,
    "currency_rate"sv, "calendar"sv, "region"sv, "refund"sv, "chargeback"sv, "subscription"sv,
    "plan"sv, "review"sv, "listing"sv, "route"sv, "carrier"sv, "warehouse"sv, "stock_level"sv,
    "forecast"sv, "budget"sv, "ledger_entry"sv, "consent"sv, "segment"sv, "click"sv, "impression"sv,
    "search_query"sv, "coupon"sv, "risk_score"sv, "settlement"sv, "delivery"sv, "profile"sv,
    "feature"sv, "absence"sv, "accrual"sv, "agent"sv, "alert"sv, "article"sv, "audience"sv,
    "authorization"sv, "bin"sv, "bundle"sv, "call"sv, "candidate"sv, "cart"sv, "case"sv,
    "category"sv, "channel"sv, "collateral"sv, "competitor_price"sv, "conversation"sv,
    "cost_center"sv, "counterparty"sv, "credit"sv, "discount"sv, "dispute"sv, "email_send"sv,
    "escalation"sv, "exposure"sv, "fee"sv, "fraud_score"sv, "household"sv, "inspection"sv,
    "interaction"sv, "label"sv, "limit"sv, "location"sv, "margin"sv, "markdown"sv, "movement"sv,
    "opportunity"sv, "org_unit"sv, "parcel"sv, "payout"sv, "payroll_run"sv, "preference"sv,
    "price_list"sv, "promotion"sv, "purchase_order"sv, "quote"sv, "reservation"sv, "return"sv,
    "rule"sv, "signal"sv, "statement"sv, "stop"sv, "survey"sv, "training"sv, "usage_record"sv,
    "variant"sv, "vehicle"sv,
};

constexpr std::array kTeamWords = {
    "core"sv, "analytics"sv, "platform"sv, "insights"sv, "integration"sv, "reporting"sv,
    "data-eng"sv, "ml"sv, "ops"sv, "growth"sv,
};

constexpr std::array kIntermediateQualifiers = {
    "joined"sv, "enriched"sv, "deduped"sv, "filtered"sv, "pivoted"sv, "unioned"sv, "scored"sv,
    "sessionized"sv, "windowed"sv, "normalized"sv,
};
// Where raw and staged data came from, or what slice of it a table holds.
constexpr std::array kRawQualifiers = {
    "crm"sv, "web"sv, "app"sv, "erp"sv, "pos"sv, "partner"sv, "history"sv, "snapshot"sv, "audit"sv,
    "details"sv, "status"sv, "legacy"sv, "eu"sv, "us"sv,
};
constexpr std::array kPublishedPrefixes = {"fct_"sv, "dim_"sv, "agg_"sv, "mart_"sv, ""sv, "rpt_"sv};
constexpr std::array kPublishedSuffixes = {
    ""sv, ""sv, "_daily"sv, "_history"sv, "_snapshot"sv, "_latest"sv, "_by_region"sv, "_by_day"sv,
    "_summary"sv, "_clean"sv, "_weekly"sv, "_current"sv,
};

struct Field {
    std::string_view name;
    std::string_view type;
};
constexpr std::array kFieldPool = {
    Field {"customer_id", "BIGINT"},
    Field {"amount", "DECIMAL(18,2)"},
    Field {"currency", "VARCHAR"},
    Field {"created_at", "TIMESTAMP"},
    Field {"updated_at", "TIMESTAMP"},
    Field {"status", "VARCHAR"},
    Field {"country", "VARCHAR"},
    Field {"quantity", "INTEGER"},
    Field {"sku", "VARCHAR"},
    Field {"region", "VARCHAR"},
    Field {"event_ts", "TIMESTAMP"},
    Field {"payload", "JSON"},
    Field {"is_active", "BOOLEAN"},
    Field {"score", "DOUBLE"},
    Field {"day", "DATE"},
    Field {"channel", "VARCHAR"},
    Field {"device_id", "VARCHAR"},
    Field {"revenue", "DECIMAL(18,2)"},
    Field {"store_id", "BIGINT"},
    Field {"email_hash", "VARCHAR"},
};

// clang-format on

// The first entity words are generic enough for any domain; the rest come from the themes.
constexpr qint64 kGenericEntities = 56;

int indexOfEntity(std::string_view word)
{
    const auto it = std::find(kEntityWords.begin(), kEntityWords.end(), word);
    return it == kEntityWords.end() ? 0 : int(it - kEntityWords.begin());
}

template<typename Array> std::string_view pick(Prng &rng, const Array &words)
{
    return words[size_t(rng.below(qint64(words.size())))];
}

std::string singular(std::string_view plural)
{
    std::string s(plural);
    if (s.size() > 3 && s.compare(s.size() - 3, 3, "ies") == 0)
        return s.substr(0, s.size() - 3) + 'y';
    if (s.size() > 3 && s.back() == 's' && s[s.size() - 2] != 's')
        s.pop_back();
    return s;
}

std::string_view entityOf(const GeneratedMesh &mesh, qint32 dataset)
{
    return kEntityWords[mesh.datasets[size_t(dataset)].entity];
}

} // namespace

int domainWordCount()
{
    return int(kDomainWords.size());
}
std::string_view entityWord(int index)
{
    return kEntityWords[size_t(index)];
}

std::string domainName(const GenDomain &domain)
{
    std::string s(kDomainWords[size_t(domain.word)]);
    if (domain.variant > 0 && domain.variant <= int(kRegions.size())) {
        s += '_';
        s += kRegions[size_t(domain.variant - 1)];
    } else if (domain.variant > 0) {
        s += '_' + std::to_string(domain.variant - int(kRegions.size()) + 1);
    }
    return s;
}

std::string domainSlug(const GenDomain &domain)
{
    std::string s = domainName(domain);
    for (char &c : s) {
        if (c == '_')
            c = '-';
    }
    return s;
}

std::vector<std::string> domainTeams(const GenDomain &domain, int count)
{
    std::vector<std::string> teams;
    const std::string slug = domainSlug(domain);
    for (int i = 0; i < count; ++i) {
        std::string t
            = "team:" + slug + '-' + std::string(kTeamWords[size_t(i) % kTeamWords.size()]);
        if (i >= int(kTeamWords.size()))
            t += '-' + std::to_string(i / int(kTeamWords.size()) + 1);
        teams.push_back(std::move(t));
    }
    return teams;
}

std::string pickProductName(
    Prng &rng, const GenDomain &domain, std::unordered_set<std::string> &used)
{
    const std::string_view word = kDomainWords[size_t(domain.word)];
    for (const Theme &theme : kThemes) {
        if (theme.domain != word)
            continue;
        // Themed names in a shuffled order: each draw takes the next unused one.
        for (int attempt = 0; attempt < 3; ++attempt) {
            std::string name(pick(rng, theme.products));
            if (used.insert(name).second)
                return name;
        }
        for (std::string_view w : theme.products) {
            if (used.insert(std::string(w)).second)
                return std::string(w);
        }
    }
    for (int attempt = 0; attempt < 4; ++attempt) {
        std::string name(pick(rng, kGeneralProducts));
        if (used.insert(name).second)
            return name;
    }
    for (int attempt = 0; attempt < 8; ++attempt) {
        std::string name = std::string(pick(rng, kGeneralProducts)) + '_'
            + std::string(pick(rng, kProductQualifiers));
        if (used.insert(name).second)
            return name;
    }
    const std::string base(pick(rng, kGeneralProducts));
    for (int n = 2;; ++n) {
        std::string name = base + '_' + std::to_string(n);
        if (used.insert(name).second)
            return name;
    }
}

int themedEntity(Prng &rng, const GenDomain &domain)
{
    const std::string_view word = kDomainWords[size_t(domain.word)];
    for (const Theme &theme : kThemes) {
        if (theme.domain == word)
            return indexOfEntity(pick(rng, theme.entities));
    }
    return int(rng.below(kGenericEntities));
}

int productEntity(std::string_view productName)
{
    const std::string s = singular(productName);
    for (size_t i = 0; i < kEntityWords.size(); ++i) {
        if (kEntityWords[i] == s)
            return int(i);
    }
    return -1;
}

std::string pickDatasetName(
    Prng &rng, Stage stage, DatasetKind kind, int entity, std::unordered_set<std::string> &used)
{
    const std::string e(kEntityWords[size_t(entity)]);
    // The first try is the plain conventional name; on a clash, a qualifier a team would
    // use ("stg_order_crm", "order_history") before falling back to a number.
    auto candidate = [&](bool qualified) -> std::string {
        switch (stage) {
        case Stage::Raw: {
            const std::string q
                = qualified ? '_' + std::string(pick(rng, kRawQualifiers)) : std::string();
            if (kind == DatasetKind::Topic)
                return e + q + "_events";
            if (kind == DatasetKind::File)
                return e + q + "_export";
            return e + q; // the table of the operational database, as the application names it
        }
        case Stage::Staging:
            return "stg_" + e
                + (qualified ? '_' + std::string(pick(rng, kRawQualifiers)) : std::string());
        case Stage::Intermediate:
            return "int_" + e + '_' + std::string(pick(rng, kIntermediateQualifiers));
        case Stage::Published:
            if (kind == DatasetKind::Topic)
                return e
                    + (qualified ? '_' + std::string(pick(rng, kRawQualifiers)) : std::string())
                    + (rng.chance(0.5) ? "_updates" : "_changes");
            return std::string(pick(rng, kPublishedPrefixes)) + e
                + std::string(pick(rng, kPublishedSuffixes));
        }
        return e;
    };
    std::string name = candidate(false);
    for (int attempt = 0; attempt < 8 && used.count(name); ++attempt)
        name = candidate(attempt >= 1);
    if (used.count(name)) {
        const std::string base = name;
        for (int n = 2; used.count(name); ++n)
            name = base + '_' + std::to_string(n);
    }
    used.insert(name);
    return name;
}

std::vector<Column> datasetColumns(const GeneratedMesh &mesh, qint32 dataset)
{
    Prng rng(streamSeed(mesh.options.seed, quint64(dataset), 0xC01));
    std::vector<Column> columns;
    columns.push_back({std::string(entityOf(mesh, dataset)) + "_id", "BIGINT"});
    const int extra = int(rng.between(3, 7));
    size_t at = size_t(rng.below(qint64(kFieldPool.size())));
    for (int i = 0; i < extra; ++i, at = (at + 1 + size_t(rng.below(2))) % kFieldPool.size()) {
        if (kFieldPool[at].name == columns.front().name)
            continue;
        columns.push_back({std::string(kFieldPool[at].name), kFieldPool[at].type});
    }
    return columns;
}

} // namespace meshlens::gen
