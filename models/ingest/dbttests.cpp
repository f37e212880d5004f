// dbt tests in a manifest: which dataset (and column) each one tests, so that its results in
// run_results.json land there. Tests are not datasets themselves.

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

bool isIdentChar(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

// The quoted arguments of the first call `fn(...)` in Jinja text: ref('orders'),
// ref("pkg", "orders"), ref('orders', v=2), source('shop', 'orders'). Stops at the first
// argument that is not a string literal.
std::vector<std::string_view> callArguments(std::string_view text, std::string_view fn)
{
    std::vector<std::string_view> args;
    for (size_t at = text.find(fn); at != std::string_view::npos; at = text.find(fn, at + 1)) {
        if (at > 0 && isIdentChar(text[at - 1]))
            continue;
        size_t p = at + fn.size();
        while (p < text.size() && text[p] == ' ')
            ++p;
        if (p >= text.size() || text[p] != '(')
            continue;
        ++p;
        for (;;) {
            while (p < text.size() && text[p] == ' ')
                ++p;
            if (p >= text.size() || (text[p] != '\'' && text[p] != '"'))
                return args;
            const char quote = text[p];
            const size_t end = text.find(quote, p + 1);
            if (end == std::string_view::npos)
                return args;
            args.push_back(text.substr(p + 1, end - p - 1));
            p = end + 1;
            while (p < text.size() && text[p] == ' ')
                ++p;
            if (p >= text.size() || text[p] != ',')
                return args;
            ++p;
        }
    }
    return args;
}

// "relationships_orders_customer_id__..." tests "orders": a generic test's name is
// "<test>_<model>_<arguments>" ("source_<test>_<source>_<table>_..." on a source).
bool nameNamesNode(std::string_view testName, std::string_view prefix, std::string_view node)
{
    if (!testName.starts_with(prefix))
        return false;
    testName.remove_prefix(prefix.size());
    return testName.starts_with(node) && (testName.size() == node.size() || testName[node.size()] == '_');
}

} // namespace

void DbtManifest::addTest(Node &node)
{
    const Where root;
    const Where section = root.member(node.section);
    const Where w = section.member(node.uid);
    DbtTest test;
    object metadata, kwargs;
    std::string_view testName, testNamespace, column, model;
    const bool generic = m_doc.object(node.obj, "test_metadata", w, false, &metadata);
    if (generic) {
        const Where mw = w.member("test_metadata");
        m_doc.string(metadata, "name", mw, false, &testName);
        m_doc.string(metadata, "namespace", mw, false, &testNamespace);
        if (m_doc.object(metadata, "kwargs", mw, false, &kwargs)) {
            // kwargs are the test's arguments as the user wrote them: not always strings.
            if (kwargs["column_name"].get_string().get(column) != simdjson::SUCCESS)
                column = {};
            if (kwargs["model"].get_string().get(model) != simdjson::SUCCESS)
                model = {};
        }
    }
    if (column.empty()) // before schema v8 the column sat on the test node too
        m_doc.string(node.obj, "column_name", w, false, &column);
    if (qint64(column.size()) > kDbtMaxStringBytes)
        column = {};

    std::vector<quint32> candidates;
    for (quint32 p : parents(node)) {
        if (m_nodes[p].ref.role == NodeRef::Role::Dataset)
            candidates.push_back(p);
    }
    const auto attach = [&](quint32 p) {
        if (const int d = m_nodes[p].ref.dataset; d >= 0)
            test.datasets.push_back(d);
    };
    // Which of the nodes the test depends on it tests: a relationships test depends on both
    // ends but tests one. Said outright by attached_node (schema v8+), else by the model
    // argument, else by the test's generated name.
    std::string_view attached;
    if (m_doc.string(node.obj, "attached_node", w, false, &attached)) {
        if (const auto it = m_index.find(attached); it != m_index.end()
            && m_nodes[it->second].ref.role == NodeRef::Role::Dataset)
            attach(it->second);
    }
    if (test.datasets.empty() && !model.empty()) {
        const auto refs = callArguments(model, "ref");
        const auto sources = callArguments(model, "source");
        for (quint32 p : candidates) {
            const Node &c = m_nodes[p];
            const bool isSource = c.resourceType == "source";
            if ((!isSource && !refs.empty() && refs.back() == c.name)
                || (isSource && sources.size() == 2 && sources[0] == c.sourceName
                    && sources[1] == c.name)) {
                attach(p);
                break;
            }
        }
    }
    if (test.datasets.empty() && generic && !testName.empty()) {
        std::string_view best;
        quint32 bestNode = 0;
        const std::string_view self = node.name;
        for (quint32 p : candidates) {
            const Node &c = m_nodes[p];
            std::string modelPrefix = std::string(testName) + '_';
            std::string sourcePrefix = "source_" + modelPrefix + std::string(c.sourceName) + '_';
            const bool match = c.resourceType == "source"
                ? nameNamesNode(self, sourcePrefix, c.name)
                : nameNamesNode(self, modelPrefix, c.name);
            if (match && c.name.size() > best.size()) {
                best = c.name;
                bestNode = p;
            }
        }
        if (!best.empty())
            attach(bestNode);
    }
    if (test.datasets.empty() && !candidates.empty()) {
        // A singular test checks a query over everything it reads: it speaks for all of it.
        // A generic test that said nothing clearer tests its first dependency.
        if (generic)
            attach(candidates.front());
        else
            std::for_each(candidates.begin(), candidates.end(), attach);
    }
    sortedUnique(test.datasets);
    if (test.datasets.empty())
        ++m_summary.testsUnattached;

    if (generic && !testName.empty()) {
        test.check = testNamespace.empty() ? fromUtf8(testName)
                                           : fromUtf8(testNamespace) + u'.' + fromUtf8(testName);
    } else {
        test.check = fromUtf8(node.name.empty() ? node.uid : node.name);
    }
    test.column = fromUtf8(column);
    node.ref.test = int(m_tests.size());
    m_tests.push_back(std::move(test));
}

void DbtManifest::disambiguateTests()
{
    // Two accepted_values tests on the same column would be one check in the cache, the
    // later result hiding the other: where (dataset, check, column) repeats, each of those
    // tests goes by its own, unique, name.
    QHash<QString, int> uses;
    const auto keyOf = [](int dataset, const DbtTest &t) -> QString {
        return QString::number(dataset) + u'\x1f' + t.check + u'\x1f' + t.column;
    };
    for (const DbtTest &t : m_tests) {
        for (int d : t.datasets)
            ++uses[keyOf(d, t)];
    }
    for (const Node &n : m_nodes) {
        if (n.ref.role != NodeRef::Role::Test || n.ref.test < 0)
            continue;
        DbtTest &t = m_tests[size_t(n.ref.test)];
        const bool repeated = std::any_of(t.datasets.begin(), t.datasets.end(),
            [&](int d) { return uses.value(keyOf(d, t)) > 1; });
        if (repeated && !n.name.empty())
            t.check = fromUtf8(n.name);
    }
}

} // namespace meshlens::dbt
