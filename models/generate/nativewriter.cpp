// Streams a generated mesh in the native format. One record per line keeps the demo file
// readable and makes diagnostics' line numbers useful; fields equal to the file's defaults
// (seen = the window start) are left out, which keeps a million datasets compact.

#include "meshhistory.h"
#include "meshwriters.h"

#include <algorithm>

namespace meshlens::gen {
namespace {

std::string_view stateName(HealthState state)
{
    switch (state) {
    case HealthState::Pass:
        return "pass";
    case HealthState::Unknown:
        return "unknown";
    case HealthState::Warn:
        return "warn";
    case HealthState::Fail:
        return "fail";
    }
    return "unknown";
}

class NativeWriter {
public:
    NativeWriter(const GeneratedMesh &mesh, JsonSink &out, GeneratorSummary &summary)
        : m(mesh)
        , s(out)
        , sum(summary)
        , m_indexRefs(mesh.options.datasets >= mesh.options.indexReferencesFrom)
    {
        m_position.resize(m.datasets.size());
        qint32 next = 0;
        forEachDataset([&](qint32 i) { m_position[size_t(i)] = next++; });
    }
    void run();

private:
    // Opens the array `name`; record() separates records, one per line.
    void section(const char *name)
    {
        s.raw(",\n\"").raw(name).raw("\":[");
        m_first = true;
    }
    void record()
    {
        s.raw(m_first ? "\n{" : ",\n{");
        m_first = false;
    }
    void endSection() { s.raw(m_first ? "]" : "\n]"); }
    void validity(Timestamp seen, Timestamp removed)
    {
        if (seen && seen != m.windowStart)
            s.raw(",\"seen\":").time(seen);
        if (removed)
            s.raw(",\"removedAt\":").time(removed);
    }
    const std::string &key(void (*append)(std::string &, const GeneratedMesh &, qint32), qint32 i)
    {
        m_key.clear();
        append(m_key, m, i);
        return m_key;
    }
    // References: a key, or in compact files the record's index in its array. Datasets and
    // jobs are written in the same order, so a dataset and its job share an index.
    void datasetRef(qint32 i)
    {
        if (m_indexRefs)
            s.num(m_position[size_t(i)]);
        else
            s.str(key(&appendDatasetKey, i));
    }
    void jobRef(qint32 i)
    {
        if (m_indexRefs)
            s.num(m_position[size_t(i)]);
        else
            s.str(key(&appendJobKey, i));
    }
    void productRef(int p)
    {
        if (m_indexRefs)
            s.num(p);
        else
            s.str(key(&appendProductKey, p));
    }
    void entityRef(std::string &out, qint32 i) const
    {
        out.clear();
        if (m_indexRefs) {
            out = std::to_string(m_position[size_t(i)]);
        } else {
            out.push_back('"');
            appendDatasetKey(out, m, i);
            out.push_back('"');
        }
    }
    template<typename Fn> void forEachDataset(Fn fn) const
    {
        for (size_t p = 0; p < m.products.size(); ++p) {
            const GenProduct &product = m.products[p];
            for (qint32 i = product.firstDataset; i < product.firstDataset + product.datasetCount;
                 ++i)
                fn(i);
        }
    }

    void domains();
    void products();
    void ports();
    void datasets();
    void jobs();
    void edges();
    void columnEdges();
    void contracts();
    void history();

    const GeneratedMesh &m;
    JsonSink &s;
    GeneratorSummary &sum;
    const bool m_indexRefs;
    std::vector<qint32> m_position; // generation index -> position in the file
    bool m_first = true;
    std::string m_key;
    std::string m_text;
};

void NativeWriter::run()
{
    s.raw("{\"format\":\"meshlens-mesh\",\"version\":1,\n\"generator\":{\"name\":\"meshlens "
          "generate\",\"seed\":")
        .num(qint64(m.options.seed))
        .raw(",\"datasets\":")
        .num(m.options.datasets)
        .raw(",\"historyDays\":")
        .num(m.options.historyDays)
        .raw("},\n\"generatedAt\":")
        .time(m.options.reference);
    if (m.windowStart != m.options.reference)
        s.raw(",\n\"seen\":").time(m.windowStart);
    domains();
    products();
    ports();
    datasets();
    jobs();
    edges();
    columnEdges();
    contracts();
    history();
    s.raw("\n}\n");
}

void NativeWriter::domains()
{
    section("domains");
    for (size_t d = 0; d < m.domains.size(); ++d) {
        record();
        m_text.clear();
        appendDomainKey(m_text, m, int(d));
        s.raw("\"key\":").str(m_text).raw(",\"name\":").str(domainName(m.domains[d]));
        m_text.clear();
        appendDomainDescription(m_text, m, int(d));
        s.raw(",\"description\":").str(m_text);
        s.raw(",\"owner\":").str(m.teams[size_t(m.domains[d].firstTeam)]).raw("}");
        ++sum.domains;
    }
    endSection();
}

void NativeWriter::products()
{
    section("products");
    for (size_t p = 0; p < m.products.size(); ++p) {
        const GenProduct &product = m.products[p];
        record();
        s.raw("\"key\":").str(key(&appendProductKey, qint32(p)));
        s.raw(",\"name\":").str(product.name);
        s.raw(",\"domain\":");
        if (m_indexRefs) {
            s.num(product.domain);
        } else {
            m_text.clear();
            appendDomainKey(m_text, m, product.domain);
            s.str(m_text);
        }
        s.raw(",\"tier\":").str(tierName(product.tier));
        s.raw(",\"owner\":").str(m.teams[size_t(product.team)]);
        m_text.clear();
        appendProductDescription(m_text, m, int(p));
        s.raw(",\"description\":").str(m_text);
        validity(product.seen, product.removed);
        s.raw("}");
        ++sum.products;
    }
    endSection();
}

void NativeWriter::ports()
{
    section("ports");
    std::vector<qint32> inputs;
    for (size_t p = 0; p < m.products.size(); ++p) {
        const GenProduct &product = m.products[p];
        for (const bool output : {false, true}) {
            if (!output && !product.hasInputPort)
                continue;
            inputs.clear();
            for (qint32 i = product.firstDataset; i < product.firstDataset + product.datasetCount;
                 ++i) {
                const GenDataset &d = m.datasets[size_t(i)];
                if (output && d.output)
                    inputs.push_back(i);
                for (qint32 e = d.firstEdge; !output && e < d.firstEdge + d.inputCount; ++e) {
                    if (m.edges[size_t(e)].cls != EdgeClass::IntraProduct)
                        inputs.push_back(m.edges[size_t(e)].from);
                }
            }
            std::sort(inputs.begin(), inputs.end());
            inputs.erase(std::unique(inputs.begin(), inputs.end()), inputs.end());
            record();
            m_text.clear();
            appendPortKey(m_text, m, int(p), output);
            s.raw("\"key\":").str(m_text);
            s.raw(",\"name\":").str(product.name + (output ? " output" : " input"));
            s.raw(",\"product\":");
            productRef(int(p));
            s.raw(output ? ",\"direction\":\"output\"" : ",\"direction\":\"input\"");
            s.raw(",\"owner\":").str(m.teams[size_t(product.team)]);
            validity(product.seen, product.removed);
            s.raw(",\"datasets\":[");
            for (size_t k = 0; k < inputs.size(); ++k) {
                s.raw(k ? "," : "");
                datasetRef(inputs[k]);
            }
            s.raw("]}");
            ++sum.ports;
        }
    }
    endSection();
}

void NativeWriter::datasets()
{
    section("datasets");
    forEachDataset([&](qint32 i) {
        const GenDataset &d = m.datasets[size_t(i)];
        const GenProduct &product = m.products[size_t(d.product)];
        record();
        m_text.clear();
        appendDatasetNamespace(m_text, m, i);
        s.raw("\"namespace\":").str(m_text);
        m_text.clear();
        appendDatasetName(m_text, m, i);
        s.raw(",\"name\":").str(m_text);
        s.raw(",\"product\":");
        productRef(d.product);
        s.raw(",\"kind\":")
            .str(kindName(d.kind))
            .raw(",\"owner\":")
            .str(m.teams[size_t(product.team)]);
        if (d.output) {
            m_text.clear();
            appendDatasetDescription(m_text, m, i);
            s.raw(",\"description\":").str(m_text);
        }
        validity(d.seen, d.removed);
        s.raw("}");
        ++sum.datasets;
    });
    endSection();
}

void NativeWriter::jobs()
{
    section("jobs");
    forEachDataset([&](qint32 i) {
        const GenDataset &d = m.datasets[size_t(i)];
        // No key (it defaults to job:<namespace>/<name>) and no owner (the product's): the
        // job records are a million lines in a large mesh.
        record();
        m_text.clear();
        appendJobNamespace(m_text, m, i);
        s.raw("\"namespace\":").str(m_text);
        m_text.clear();
        appendJobName(m_text, m, i);
        s.raw(",\"name\":").str(m_text);
        s.raw(",\"product\":");
        productRef(d.product);
        validity(d.seen, d.removed);
        s.raw("}");
        ++sum.jobs;
    });
    endSection();
}

void NativeWriter::edges()
{
    section("edges");
    std::string to, job;
    forEachDataset([&](qint32 i) {
        const GenDataset &d = m.datasets[size_t(i)];
        if (!d.inputCount)
            return;
        to.clear();
        job.clear();
        if (m_indexRefs) {
            to = std::to_string(m_position[size_t(i)]);
            job = to;
        } else {
            to.push_back('"');
            appendDatasetKey(to, m, i);
            to.push_back('"');
            job.push_back('"');
            appendJobKey(job, m, i);
            job.push_back('"');
        }
        for (qint32 k = d.firstEdge; k < d.firstEdge + d.inputCount; ++k) {
            const GenEdge &e = m.edges[size_t(k)];
            record();
            s.raw("\"from\":");
            datasetRef(e.from);
            s.raw(",\"to\":").raw(to).raw(",\"job\":").raw(job);
            validity(e.seen, e.removed);
            s.raw("}");
            ++sum.edges;
            ++(e.cls == EdgeClass::IntraProduct        ? sum.intraProductEdges
                    : e.cls == EdgeClass::CrossProduct ? sum.crossProductEdges
                                                       : sum.crossDomainEdges);
        }
    });
    endSection();
}

void NativeWriter::columnEdges()
{
    section("columnEdges");
    std::vector<ColumnMapping> mappings;
    forEachDataset([&](qint32 i) {
        const GenDataset &d = m.datasets[size_t(i)];
        for (qint32 k = d.firstEdge; k < d.firstEdge + d.inputCount; ++k) {
            columnMappings(m, k, mappings);
            for (const ColumnMapping &c : mappings) {
                record();
                s.raw("\"from\":");
                datasetRef(m.edges[size_t(k)].from);
                s.raw(",\"fromColumn\":").str(c.fromColumn).raw(",\"to\":");
                datasetRef(i);
                s.raw(",\"toColumn\":").str(c.toColumn);
                s.raw(",\"transformation\":").str(c.transformation).raw("}");
                ++sum.columnEdges;
            }
        }
    });
    endSection();
}

void NativeWriter::contracts()
{
    section("contracts");
    forEachDataset([&](qint32 i) {
        if (!hasContract(m, i))
            return;
        const GenDataset &d = m.datasets[size_t(i)];
        record();
        s.raw("\"key\":").str(key(&appendContractKey, i));
        s.raw(",\"product\":");
        productRef(d.product);
        s.raw(",\"dataset\":");
        datasetRef(i);
        s.raw(",\"freshnessSlaSeconds\":").num(freshnessSlaSeconds(d.cadence));
        s.raw(",\"version\":").str(contractVersion(m, i));
        validity(d.seen, 0);
        s.raw("}");
        ++sum.contracts;
    });
    endSection();
}

void NativeWriter::history()
{
    // Two passes over the output datasets, one per array: the history is recomputed rather
    // than held, so memory stays flat however many days and datasets there are.
    std::vector<QualityRow> rows;
    std::string entity;
    section("quality");
    forEachDataset([&](qint32 i) {
        if (!m.datasets[size_t(i)].output)
            return;
        const DatasetHistory h(m, i);
        entityRef(entity, i);
        for (int day = 0; day < h.days(); ++day) {
            h.qualityOn(day, rows);
            for (const QualityRow &q : rows) {
                record();
                s.raw("\"entity\":").raw(entity).raw(",\"check\":").str(q.check);
                if (!q.column.empty())
                    s.raw(",\"column\":").str(q.column);
                s.raw(",\"state\":").str(stateName(q.state));
                if (q.value != 0)
                    s.raw(",\"value\":").real(q.value);
                if (!q.message.empty())
                    s.raw(",\"message\":").str(q.message);
                s.raw(",\"at\":").time(q.at).raw("}");
                ++sum.quality;
            }
        }
    });
    endSection();
    section("freshness");
    forEachDataset([&](qint32 i) {
        if (!m.datasets[size_t(i)].output)
            return;
        const DatasetHistory h(m, i);
        entityRef(entity, i);
        FreshnessRow f;
        for (int day = 0; day < h.days(); ++day) {
            if (!h.freshnessOn(day, &f))
                continue;
            record();
            s.raw("\"entity\":").raw(entity).raw(",\"at\":").time(f.at);
            s.raw(",\"dataTime\":").time(f.dataTime).raw("}");
            ++sum.freshness;
        }
    });
    endSection();
}

} // namespace

void writeNative(const GeneratedMesh &mesh, JsonSink &out, GeneratorSummary &summary)
{
    NativeWriter(mesh, out, summary).run();
}

} // namespace meshlens::gen
