#include "dbtresults.h"

#include "simdjsonaccess.h"

using namespace Qt::StringLiterals;
using simdjson::dom::array;
using simdjson::dom::element;
using simdjson::dom::object;

namespace meshlens::dbt {
namespace {

using jsonaccess::fromUtf8;

/// When a result was produced: the end of its "execute" step, else of its last step.
Timestamp completedAt(DbtDocument &doc, object result, const Where &w, Timestamp fallback)
{
    array timing;
    if (!doc.array(result, "timing", w, false, &timing, "an array of timing steps"))
        return fallback;
    const Where tw = w.member("timing");
    Timestamp last = 0;
    qint64 i = 0;
    for (element step : timing) {
        const Where sw = tw.element(i++);
        object s;
        Timestamp t = 0;
        if (!doc.objectValue(step, sw, &s, "a timing step object")
            || !doc.time(s, "completed_at", sw, &t))
            continue;
        std::string_view name;
        if (s["name"].get_string().get(name) == simdjson::SUCCESS && name == "execute")
            return t;
        last = t;
    }
    return last ? last : fallback;
}

enum class Outcome { Pass, Warn, Fail, Unknown, NoOp, Unrecognised };

Outcome outcomeOf(std::string_view status)
{
    if (status == "pass" || status == "success")
        return Outcome::Pass;
    if (status == "warn" || status == "partial success") // microbatch: some batches failed
        return Outcome::Warn;
    if (status == "fail" || status == "error" || status == "runtime error")
        return Outcome::Fail;
    if (status == "skipped")
        return Outcome::Unknown;
    if (status == "no-op") // a node dbt had nothing to do for: no fact about the data
        return Outcome::NoOp;
    return Outcome::Unrecognised;
}

HealthState stateOf(Outcome o)
{
    switch (o) {
    case Outcome::Pass: return HealthState::Pass;
    case Outcome::Warn: return HealthState::Warn;
    case Outcome::Fail: return HealthState::Fail;
    default: return HealthState::Unknown;
    }
}

// Counts results naming nodes the manifest lacks; one warning says so at the end.
struct Unmatched {
    int count = 0;
    std::string_view first;
    void add(std::string_view uid)
    {
        if (count++ == 0)
            first = uid;
    }
    void report(DbtDocument &doc, const char *file)
    {
        if (count > 0)
            doc.warning(Where(),
                u"results naming nodes the manifest.json next to it does not define: %1 (e.g. "
                "\"%2\"); is %3 from another dbt project?"_s.arg(count)
                    .arg(fromUtf8(first), QLatin1StringView(file)));
    }
};

} // namespace

void readRunResults(DbtDocument &doc, DbtManifest &manifest, IngestBatch &batch,
    DbtReadSummary &summary)
{
    const Where root;
    array results;
    if (!doc.array(doc.root(), "results", root, true, &results, "an array of node results"))
        return;
    const Where rw = root.member("results");
    const Timestamp fallback = doc.generatedAt() ? doc.generatedAt() : manifest.generatedAt();
    Unmatched unmatched;
    qint64 i = 0;
    for (element item : results) {
        if (doc.saturated())
            break;
        const Where w = rw.element(i++);
        object r;
        if (!doc.objectValue(item, w, &r, "a result object"))
            continue;
        ++summary.runResults;
        std::string_view uid, status;
        if (!doc.string(r, "unique_id", w, true, &uid) || !doc.string(r, "status", w, true, &status))
            continue;
        if (uid.empty()) {
            doc.warning(w.member("unique_id"), u"empty: expected the unique_id of a node"_s);
            continue;
        }
        const NodeRef *ref = manifest.find(uid);
        if (!ref) {
            if (!uid.starts_with("operation.")) // hooks are not in every manifest
                unmatched.add(uid);
            continue;
        }
        // Analyses, operations, ephemeral models: nothing to record. A node the manifest
        // could not read (already an error there) has no dataset or test either.
        if ((ref->role != NodeRef::Role::Test || ref->test < 0)
            && (ref->role != NodeRef::Role::Dataset || ref->dataset < 0))
            continue;
        const Outcome outcome = outcomeOf(status);
        if (outcome == Outcome::Unrecognised)
            doc.warning(w.member("status"),
                u"unknown status \"%1\" (expected pass, success, warn, fail, error, skipped or "
                "no-op): recorded as unknown"_s.arg(fromUtf8(status)));
        if (outcome == Outcome::NoOp)
            continue;
        QualityResult q;
        q.state = stateOf(outcome);
        q.observedAt = completedAt(doc, r, w, fallback);
        doc.text(r, "message", w, &q.message);
        if (ref->role == NodeRef::Role::Test) {
            ++summary.testResults;
            // Rows that failed the test. Hand-made files put text here too: kept as the
            // message when there is none, not an error.
            element failures;
            std::string_view failureText;
            if (r["failures"].get(failures) == simdjson::SUCCESS
                && failures.get_double().get(q.value) != simdjson::SUCCESS) {
                q.value = 0;
                if (q.message.isEmpty() && failures.get_string().get(failureText) == simdjson::SUCCESS
                    && qint64(failureText.size()) <= kDbtMaxStringBytes)
                    q.message = fromUtf8(failureText);
            }
            const DbtTest &test = manifest.tests()[size_t(ref->test)];
            q.checkName = test.check;
            q.column = test.column;
            for (int d : test.datasets) {
                q.entityKey = batch.datasets[size_t(d)].key;
                batch.quality.push_back(q);
            }
            continue;
        }
        // A model, seed or snapshot: its run is a check of its own ("dbt run"), passed too,
        // so that a success after a failure clears it; a success is also its newest data.
        q.entityKey = batch.datasets[size_t(ref->dataset)].key;
        q.checkName = u"dbt run"_s;
        if (outcome == Outcome::Pass || outcome == Outcome::Warn)
            batch.freshness.push_back({q.entityKey, q.observedAt, q.observedAt});
        batch.quality.push_back(std::move(q));
    }
    summary.unmatchedResults += unmatched.count;
    unmatched.report(doc, "run_results.json");
}

void readSourceFreshness(DbtDocument &doc, DbtManifest &manifest, IngestBatch &batch,
    DbtReadSummary &summary)
{
    const Where root;
    array results;
    if (!doc.array(doc.root(), "results", root, true, &results, "an array of source results"))
        return;
    const Where rw = root.member("results");
    const Timestamp fallback = doc.generatedAt() ? doc.generatedAt() : manifest.generatedAt();
    Unmatched unmatched;
    qint64 i = 0;
    for (element item : results) {
        if (doc.saturated())
            break;
        const Where w = rw.element(i++);
        object r;
        if (!doc.objectValue(item, w, &r, "a source result object"))
            continue;
        ++summary.sourceResults;
        std::string_view uid, status;
        if (!doc.string(r, "unique_id", w, true, &uid) || !doc.string(r, "status", w, true, &status))
            continue;
        const NodeRef *ref = manifest.find(uid);
        if (!ref || ref->role != NodeRef::Role::Dataset) {
            unmatched.add(uid);
            continue;
        }
        if (ref->dataset < 0)
            continue; // the manifest could not read it: reported there
        const QString &key = batch.datasets[size_t(ref->dataset)].key;
        Timestamp at = 0, loaded = 0;
        if (!doc.time(r, "snapshotted_at", w, &at))
            at = fallback;
        if (doc.time(r, "max_loaded_at", w, &loaded))
            batch.freshness.push_back({key, at, loaded});
        Outcome outcome = outcomeOf(status);
        if (outcome == Outcome::Unrecognised || outcome == Outcome::NoOp) {
            doc.warning(w.member("status"),
                u"unknown freshness status \"%1\" (expected pass, warn, error or runtime error): "
                "recorded as unknown"_s.arg(fromUtf8(status)));
            outcome = Outcome::Unknown;
        }
        QualityResult q;
        q.entityKey = key;
        q.checkName = u"freshness"_s;
        q.state = stateOf(outcome);
        q.observedAt = at;
        doc.number(r, "max_loaded_at_time_ago_in_s", w, &q.value);
        if (!doc.text(r, "error", w, &q.message)) // a runtime error says why
            doc.text(r, "message", w, &q.message);
        batch.quality.push_back(std::move(q));
        object criteria;
        if (doc.object(r, "criteria", w, false, &criteria, "an object with warn_after and error_after")) {
            const Where cw = w.member("criteria");
            if (const qint64 sla = freshnessSlaSeconds(doc, criteria, cw); sla > 0)
                manifest.setFreshnessSla(uid, sla, at);
        }
    }
    summary.unmatchedResults += unmatched.count;
    unmatched.report(doc, "sources.json");
}

void validateCatalog(DbtDocument &doc)
{
    // Shape only, as dbt docs writes it: {metadata, nodes: {id: {metadata, columns, ...}},
    // sources: {...}}. The document reports these as warnings: the batch does not use it.
    const Where root;
    for (const char *section : {"nodes", "sources"}) {
        object entries;
        if (!doc.object(doc.root(), section, root, std::string_view(section) == "nodes", &entries,
                "an object of tables by unique_id"))
            continue;
        const Where sw = root.member(section);
        for (auto [key, value] : entries) {
            if (doc.saturated())
                return;
            const Where w = sw.member(key);
            object table, metadata, columns;
            if (!doc.objectValue(value, w, &table, "a table object"))
                continue;
            doc.object(table, "metadata", w, true, &metadata, "an object with the table's type");
            doc.object(table, "columns", w, true, &columns, "an object of columns by name");
        }
    }
}

} // namespace meshlens::dbt
