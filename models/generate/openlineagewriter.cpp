// Streams a generated mesh as OpenLineage 2-0-2 RunEvents, NDJSON, sorted by event time as
// a Marquez export or a Kafka topic of events would be. Facet schema URLs are those of the
// OpenLineage spec facets; "meshlens" is a custom dataset facet carrying the product and
// domain (OpenLineage has no notion of them) so that a reader can rebuild the same mesh.

#include "meshhistory.h"
#include "meshwriters.h"
#include "prng.h"

#include <algorithm>
#include <tuple>

namespace meshlens::gen {
namespace {

constexpr std::string_view kProducer
    = "https://github.com/meshlens/meshlens/tree/v0.1.0/models/generate";
constexpr std::string_view kRunEvent
    = "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent";
constexpr std::string_view kSchemaFacet
    = "https://openlineage.io/spec/facets/1-2-0/SchemaDatasetFacet.json#/$defs/SchemaDatasetFacet";
constexpr std::string_view kTypeFacet
    = "https://openlineage.io/spec/facets/1-0-1/DatasetTypeDatasetFacet.json#/$defs/"
      "DatasetTypeDatasetFacet";
constexpr std::string_view kOwnershipFacet
    = "https://openlineage.io/spec/facets/1-0-1/OwnershipDatasetFacet.json#/$defs/"
      "OwnershipDatasetFacet";
constexpr std::string_view kJobOwnershipFacet
    = "https://openlineage.io/spec/facets/1-0-1/OwnershipJobFacet.json#/$defs/OwnershipJobFacet";
constexpr std::string_view kDocumentationFacet
    = "https://openlineage.io/spec/facets/1-1-0/DocumentationDatasetFacet.json#/$defs/"
      "DocumentationDatasetFacet";
constexpr std::string_view kColumnLineageFacet
    = "https://openlineage.io/spec/facets/1-2-0/ColumnLineageDatasetFacet.json#/$defs/"
      "ColumnLineageDatasetFacet";
constexpr std::string_view kJobTypeFacet
    = "https://openlineage.io/spec/facets/2-0-4/JobTypeJobFacet.json#/$defs/JobTypeJobFacet";
constexpr std::string_view kLifecycleFacet
    = "https://openlineage.io/spec/facets/1-0-1/LifecycleStateChangeDatasetFacet.json#/$defs/"
      "LifecycleStateChangeDatasetFacet";
constexpr std::string_view kAssertionsFacet
    = "https://openlineage.io/spec/facets/1-1-0/DataQualityAssertionsDatasetFacet.json#/$defs/"
      "DataQualityAssertionsDatasetFacet";
constexpr std::string_view kMeshFacet
    = "https://github.com/meshlens/meshlens/blob/main/resources/schemas/MeshLensDatasetFacet.json#/"
      "$defs/MeshLensDatasetFacet";
constexpr qint64 kMinute = 60000;
constexpr qint64 kHour = 3600000;

enum class EventKind : std::uint8_t { EarlyRun, Run, Drop, Quality };

struct EventRef {
    Timestamp at;
    EventKind kind;
    qint32 dataset;
    qint32 day;
    bool operator<(const EventRef &o) const
    {
        return std::tie(at, kind, dataset, day) < std::tie(o.at, o.kind, o.dataset, o.day);
    }
};

class OpenLineageWriter {
public:
    OpenLineageWriter(const GeneratedMesh &mesh, JsonSink &out, GeneratorSummary &summary)
        : m(mesh)
        , s(out)
        , sum(summary)
    {
    }
    void run();

private:
    Timestamp latestRun(qint32 i) const;
    Timestamp earlyRun(qint32 i, Timestamp latest) const;
    void begin(Timestamp at, EventKind kind, qint32 dataset, qint32 day);
    void facetHead(std::string_view name, std::string_view schemaUrl)
    {
        s.raw("\"")
            .raw(name)
            .raw("\":{\"_producer\":")
            .str(kProducer)
            .raw(",\"_schemaURL\":")
            .str(schemaUrl);
    }
    void datasetId(qint32 i)
    {
        m_text.clear();
        appendDatasetNamespace(m_text, m, i);
        s.raw("\"namespace\":").str(m_text);
        m_text.clear();
        appendDatasetName(m_text, m, i);
        s.raw(",\"name\":").str(m_text);
    }
    void job(qint32 i, bool facets);
    void runEvent(qint32 i, Timestamp at, EventKind kind);
    void dropEvent(qint32 i, Timestamp at);
    void qualityEvent(qint32 i, qint32 day, Timestamp at);

    const GeneratedMesh &m;
    JsonSink &s;
    GeneratorSummary &sum;
    std::string m_text;
    std::vector<QualityRow> m_rows;
    std::vector<ColumnMapping> m_mappings;
};

void OpenLineageWriter::run()
{
    std::vector<EventRef> events;
    events.reserve(m.datasets.size() + size_t(m.outputDatasets * m.historyDays));
    for (qint32 i = 0; i < qint32(m.datasets.size()); ++i) {
        const GenDataset &d = m.datasets[size_t(i)];
        const Timestamp latest = latestRun(i);
        events.push_back({latest, EventKind::Run, i, 0});
        if (const Timestamp early = earlyRun(i, latest))
            events.push_back({early, EventKind::EarlyRun, i, 0});
        if (d.removed)
            events.push_back({d.removed, EventKind::Drop, i, 0});
        if (!d.output)
            continue;
        const DatasetHistory h(m, i);
        for (int day = 0; day < h.days(); ++day) {
            h.qualityOn(day, m_rows);
            if (!m_rows.empty())
                events.push_back({m_rows.front().at, EventKind::Quality, i, day});
        }
    }
    std::sort(events.begin(), events.end());
    for (const EventRef &e : events) {
        switch (e.kind) {
        case EventKind::EarlyRun:
        case EventKind::Run:
            runEvent(e.dataset, e.at, e.kind);
            break;
        case EventKind::Drop:
            dropEvent(e.dataset, e.at);
            break;
        case EventKind::Quality:
            qualityEvent(e.dataset, e.day, e.at);
            break;
        }
    }
    sum.domains = qint64(m.domains.size());
    sum.products = qint64(m.products.size());
    sum.datasets = qint64(m.datasets.size());
    sum.jobs = qint64(m.datasets.size());
    sum.edges = qint64(m.edges.size());
    for (const GenEdge &e : m.edges) {
        ++(e.cls == EdgeClass::IntraProduct        ? sum.intraProductEdges
                : e.cls == EdgeClass::CrossProduct ? sum.crossProductEdges
                                                   : sum.crossDomainEdges);
    }
}

Timestamp OpenLineageWriter::latestRun(qint32 i) const
{
    // The last run before the reference time, by cadence; never before the job or any of its
    // current inputs existed, never after the output was dropped.
    const GenDataset &d = m.datasets[size_t(i)];
    Prng rng(streamSeed(m.options.seed, quint64(i), 0x0E1));
    qint64 lag = 0;
    switch (d.cadence) {
    case Cadence::Streaming:
        lag = rng.between(1, 30) * kMinute;
        break;
    case Cadence::Hourly:
        lag = rng.between(5, 70) * kMinute;
        break;
    case Cadence::Daily:
        lag = rng.between(2 * 60, 20 * 60) * kMinute;
        break;
    case Cadence::Weekly:
        lag = rng.between(24 * 60, 7 * 24 * 60) * kMinute;
        break;
    }
    Timestamp t = m.options.reference - lag - rng.below(60000);
    Timestamp lo = m.seenOf(d);
    for (qint32 k = d.firstEdge; k < d.firstEdge + d.inputCount; ++k)
        lo = std::max(lo, m.seenOf(m.edges[size_t(k)]));
    lo += kMinute;
    t = std::max(t, lo);
    if (d.removed)
        t = d.removed - kHour > lo ? std::min(t, d.removed - kHour) : (m.seenOf(d) + d.removed) / 2;
    return std::min(t, m.options.reference - 1000);
}

Timestamp OpenLineageWriter::earlyRun(qint32 i, Timestamp latest) const
{
    // A job that lost an input shows it in an earlier run only.
    const GenDataset &d = m.datasets[size_t(i)];
    Timestamp firstLoss = 0;
    for (qint32 k = d.firstEdge; k < d.firstEdge + d.inputCount; ++k) {
        const Timestamp r = m.edges[size_t(k)].removed;
        if (r && r <= latest && (!firstLoss || r < firstLoss))
            firstLoss = r;
    }
    if (!firstLoss)
        return 0;
    Prng rng(streamSeed(m.options.seed, quint64(i), 0x0E2));
    return std::max(m.seenOf(d), firstLoss - rng.between(1, 12) * kHour);
}

void OpenLineageWriter::begin(Timestamp at, EventKind kind, qint32 dataset, qint32 day)
{
    // UUIDv7: the event time in the top 48 bits, the rest from the event's own stream.
    const quint64 r1 = streamSeed(
        m.options.seed, quint64(dataset), 0xE0000 + quint64(kind) * 65536 + quint64(day));
    const quint64 r2 = mix64(r1);
    const quint64 hi = (quint64(at) << 16) | 0x7000 | (r1 & 0x0FFF);
    const quint64 lo = (r2 & 0x3FFFFFFFFFFFFFFFull) | 0x8000000000000000ull;
    char uuid[37];
    static const char hex[] = "0123456789abcdef";
    int n = 0;
    for (int b = 0; b < 32; ++b) {
        if (b == 8 || b == 12 || b == 16 || b == 20)
            uuid[n++] = '-';
        const quint64 word = b < 16 ? hi : lo;
        uuid[n++] = hex[(word >> (60 - 4 * (b % 16))) & 15];
    }
    s.raw("{\"eventType\":\"COMPLETE\",\"eventTime\":").time(at);
    s.raw(",\"producer\":").str(kProducer).raw(",\"schemaURL\":").str(kRunEvent);
    s.raw(",\"run\":{\"runId\":\"").raw(std::string_view(uuid, size_t(n))).raw("\",\"facets\":{}}");
    ++sum.events;
}

void OpenLineageWriter::job(qint32 i, bool facets)
{
    const GenDataset &d = m.datasets[size_t(i)];
    m_text.clear();
    appendJobNamespace(m_text, m, i);
    s.raw(",\"job\":{\"namespace\":").str(m_text);
    m_text.clear();
    appendJobName(m_text, m, i);
    s.raw(",\"name\":").str(m_text).raw(",\"facets\":{");
    if (facets) {
        facetHead("jobType", kJobTypeFacet);
        s.raw(d.engine == Engine::Flink ? ",\"processingType\":\"STREAMING\""
                                        : ",\"processingType\":\"BATCH\"");
        s.raw(",\"integration\":").str(engineName(d.engine));
        s.raw(d.engine == Engine::Dbt         ? ",\"jobType\":\"MODEL\"}"
                : d.engine == Engine::Airflow ? ",\"jobType\":\"TASK\"}"
                                              : ",\"jobType\":\"JOB\"}");
        s.raw(",");
        facetHead("ownership", kJobOwnershipFacet);
        s.raw(",\"owners\":[{\"name\":").str(m.teams[size_t(m.products[size_t(d.product)].team)]);
        s.raw(",\"type\":\"MAINTAINER\"}]}");
    }
    s.raw("}}");
}

void OpenLineageWriter::runEvent(qint32 i, Timestamp at, EventKind kind)
{
    const GenDataset &d = m.datasets[size_t(i)];
    const GenProduct &product = m.products[size_t(d.product)];
    begin(at, kind, i, 0);
    job(i, true);
    s.raw(",\"inputs\":[");
    bool first = true;
    bool withColumns = false;
    for (qint32 k = d.firstEdge; k < d.firstEdge + d.inputCount; ++k) {
        const GenEdge &e = m.edges[size_t(k)];
        if (m.seenOf(e) > at || (e.removed && e.removed <= at))
            continue; // not an input of this run
        s.raw(first ? "{" : ",{");
        first = false;
        datasetId(e.from);
        s.raw("}");
        columnMappings(m, k, m_mappings);
        withColumns = withColumns || !m_mappings.empty();
    }
    s.raw("],\"outputs\":[{");
    datasetId(i);
    s.raw(",\"facets\":{");
    facetHead("schema", kSchemaFacet);
    s.raw(",\"fields\":[");
    const std::vector<Column> columns = datasetColumns(m, i);
    for (size_t c = 0; c < columns.size(); ++c)
        s.raw(c ? ",{\"name\":" : "{\"name\":")
            .str(columns[c].name)
            .raw(",\"type\":")
            .str(columns[c].type)
            .raw("}");
    s.raw("]},");
    facetHead("datasetType", kTypeFacet);
    static constexpr std::string_view kTypes[] = {"TABLE", "VIEW", "TOPIC", "FILE"};
    s.raw(",\"datasetType\":").str(kTypes[size_t(d.kind)]).raw("},");
    facetHead("ownership", kOwnershipFacet);
    s.raw(",\"owners\":[{\"name\":")
        .str(m.teams[size_t(product.team)])
        .raw(",\"type\":\"MAINTAINER\"}]}");
    if (d.output) {
        m_text.clear();
        appendDatasetDescription(m_text, m, i);
        s.raw(",");
        facetHead("documentation", kDocumentationFacet);
        s.raw(",\"description\":").str(m_text).raw("}");
    }
    if (withColumns) {
        s.raw(",");
        facetHead("columnLineage", kColumnLineageFacet);
        s.raw(",\"fields\":{");
        bool firstField = true;
        for (qint32 k = d.firstEdge; k < d.firstEdge + d.inputCount; ++k) {
            columnMappings(m, k, m_mappings);
            for (const ColumnMapping &c : m_mappings) {
                // One input field per output field: the generator maps each column once.
                s.raw(firstField ? "" : ",").str(c.toColumn).raw(":{\"inputFields\":[{");
                firstField = false;
                datasetId(m.edges[size_t(k)].from);
                s.raw(",\"field\":").str(c.fromColumn);
                s.raw(",\"transformations\":[{\"type\":\"DIRECT\",\"subtype\":")
                    .str(c.transformation)
                    .raw("}]}]}");
            }
        }
        s.raw("}}");
    }
    s.raw(",");
    facetHead("meshlens", kMeshFacet);
    m_text.clear();
    appendDomainKey(m_text, m, product.domain);
    s.raw(",\"domain\":").str(m_text);
    m_text.clear();
    appendProductKey(m_text, m, d.product);
    s.raw(",\"product\":").str(m_text).raw(",\"tier\":").str(tierName(product.tier));
    if (d.output) {
        m_text.clear();
        appendPortKey(m_text, m, d.product, true);
        s.raw(",\"outputPort\":").str(m_text);
    }
    s.raw("}}}]}\n");
}

void OpenLineageWriter::dropEvent(qint32 i, Timestamp at)
{
    begin(at, EventKind::Drop, i, 0);
    job(i, false);
    s.raw(",\"inputs\":[],\"outputs\":[{");
    datasetId(i);
    s.raw(",\"facets\":{");
    facetHead("lifecycleStateChange", kLifecycleFacet);
    s.raw(",\"lifecycleStateChange\":\"DROP\"}}}]}\n");
}

void OpenLineageWriter::qualityEvent(qint32 i, qint32 day, Timestamp at)
{
    const GenDataset &d = m.datasets[size_t(i)];
    const GenProduct &product = m.products[size_t(d.product)];
    const DatasetHistory h(m, i);
    h.qualityOn(day, m_rows);
    begin(at, EventKind::Quality, i, day);
    // The checks run as their own job, reading the dataset (as dbt test or Soda runs do).
    m_text.assign("dq-");
    m_text += domainSlug(m.domains[size_t(product.domain)]);
    s.raw(",\"job\":{\"namespace\":").str(m_text);
    m_text = product.name + ".check_" + d.local;
    s.raw(",\"name\":").str(m_text).raw(",\"facets\":{}}");
    s.raw(",\"inputs\":[{");
    datasetId(i);
    s.raw(",\"inputFacets\":{");
    facetHead("dataQualityAssertions", kAssertionsFacet);
    s.raw(",\"assertions\":[");
    bool first = true;
    for (const QualityRow &q : m_rows) {
        if (q.state == HealthState::Unknown)
            continue; // an assertion that did not run has no result to report
        s.raw(first ? "{\"assertion\":" : ",{\"assertion\":").str(q.check);
        first = false;
        s.raw(q.state == HealthState::Pass ? ",\"success\":true" : ",\"success\":false");
        if (!q.column.empty())
            s.raw(",\"column\":").str(q.column);
        s.raw(q.state == HealthState::Warn ? ",\"severity\":\"warn\"" : ",\"severity\":\"error\"");
        if (q.state != HealthState::Pass)
            s.raw(",\"actual\":").str(std::to_string(qint64(q.value)));
        s.raw("}");
        ++sum.quality;
    }
    s.raw("]}}}],\"outputs\":[]}\n");
}

} // namespace

void writeOpenLineage(const GeneratedMesh &mesh, JsonSink &out, GeneratorSummary &summary)
{
    OpenLineageWriter(mesh, out, summary).run();
}

} // namespace meshlens::gen
