// `meshlens-cli search CACHE QUERY`: quick-open search from the command line, and the
// `bench --phase search CACHE` measurement of index build time, memory and query times.

#include "clicommands.h"
#include "clioutput.h"

#include "mesh/timeutil.h"
#include "search/fuzzyindex.h"

#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QJsonArray>

#include <algorithm>

#include <sys/resource.h>

using namespace Qt::StringLiterals;

namespace meshlens::cli {

namespace {

double ms(const QElapsedTimer &t) { return double(t.nsecsElapsed()) / 1e6; }

// CPU time of the whole process (all threads), in ms: steadier than wall time on a busy
// machine, and on an idle one the wall time of a two-thread query is about half of it.
double cpuMs()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return (usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1e3
        + (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e3;
}

// The matched characters of a hit in brackets: "[cust]omer_[ord]ers".
QString marked(const SnapshotGraph &g, const SearchHit &hit)
{
    const QString text = hit.field == SearchHit::Field::Name ? g.nameString(hit.node) : g.keyString(hit.node);
    QString out;
    bool open = false;
    for (int i = 0; i < text.size(); ++i) {
        const bool on = std::binary_search(hit.positions.begin(), hit.positions.end(), i);
        if (on != open)
            out += on ? u'[' : u']';
        open = on;
        out += text[i];
    }
    return open ? out + u']' : out;
}

}  // namespace

int searchCommand(const QStringList &args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        u"Quick-open search over every node's name and key, as Ctrl+K does in the window. "
        "QUERY is fuzzy text plus filters: kind:K owner:T domain:T product:T health:H "
        "(-field:V negates, field:A,B is either)."_s);
    parser.addHelpOption();
    parser.addPositionalArgument(u"CACHE"_s, u"The cache to search."_s);
    parser.addPositionalArgument(u"QUERY"_s, u"What to look for (quote it when it has spaces)."_s);
    parser.addOption({u"limit"_s, u"How many hits (default 20)."_s, u"N"_s, u"20"_s});
    parser.addOption({u"at"_s, u"Search the mesh as of time T (ISO 8601, e.g. 2025-05-20T00:00:00Z)."_s, u"T"_s});
    parser.addOption({u"json"_s, u"Print JSON."_s});
    if (!parser.parse(args))
        return fail(u"search"_s, parser.errorText());
    if (parser.isSet(u"help"_s)) {
        out(parser.helpText());
        return Success;
    }
    const QStringList pos = parser.positionalArguments();
    if (pos.size() < 2)
        return fail(u"search"_s, u"expected CACHE and QUERY"_s);
    Timestamp at = 0;
    if (parser.isSet(u"at"_s) && !parseUserTimestamp(parser.value(u"at"_s), &at))
        return fail(u"search"_s, u"--at: cannot read \""_s + parser.value(u"at"_s)
                                     + u"\"; expected an ISO 8601 time such as 2025-05-20T00:00:00Z"_s);
    auto snapshot = openSnapshot(pos[0], at);
    if (!snapshot)
        return fail(u"search"_s, snapshot.errorMessage());
    const FuzzyIndexPtr index = FuzzyIndex::build(snapshot.value());
    const SearchQuery query = SearchQuery::parse(pos.mid(1).join(u' '));
    for (const QString &e : query.errors)
        err(u"search: "_s + e);
    const SnapshotGraph &g = *index->graph();
    const auto hits = index->search(query, std::max(1, parser.value(u"limit"_s).toInt()));
    if (parser.isSet(u"json"_s)) {
        QJsonArray rows;
        for (const SearchHit &h : hits) {
            QJsonArray positions;
            for (const int p : h.positions)
                positions.append(p);
            rows.append(QJsonObject{{u"key"_s, g.keyString(h.node)}, {u"name"_s, g.nameString(h.node)},
                                    {u"kind"_s, entityKindName(g.node(h.node).kind)}, {u"score"_s, h.score},
                                    {u"field"_s, h.field == SearchHit::Field::Name ? u"name"_s : u"key"_s},
                                    {u"positions"_s, positions}});
        }
        printJson(QJsonObject{{u"query"_s, query.raw}, {u"hits"_s, rows}});
    } else {
        for (const SearchHit &h : hits)
            out(u"%1  %2  %3"_s.arg(h.score, 5).arg(entityKindName(g.node(h.node).kind), -8).arg(marked(g, h)));
    }
    return hits.empty() ? Finding : Success;
}

int searchBenchPhase(const QString &cachePath, int repeat)
{
    QElapsedTimer t;
    t.start();
    auto snapshot = openSnapshot(cachePath, 0);
    if (!snapshot)
        return fail(u"bench"_s, snapshot.errorMessage());
    const double loadMs = ms(t);
    const SnapshotGraph &g = *snapshot.value();
    const qint64 rssBefore = residentBytes();
    const double buildCpuBefore = cpuMs();
    t.restart();
    const FuzzyIndexPtr index = FuzzyIndex::build(snapshot.value());
    const double buildMs = ms(t);
    const double buildCpuMs = cpuMs() - buildCpuBefore;
    const qint64 rssAfter = residentBytes();

    // Typical queries: short and long prefixes of words the generator uses, an abbreviation,
    // a miss, a whole key, and the filters.
    const NodeId middle = g.nodesOfKind(EntityKind::Dataset).empty()
        ? 0 : g.nodesOfKind(EntityKind::Dataset)[g.nodesOfKind(EntityKind::Dataset).size() / 2];
    const QList<QPair<QString, QString>> queries = {
        {u"2 chars"_s, u"or"_s},
        {u"4 chars"_s, u"sess"_s},
        {u"8 chars"_s, u"campaign"_s},
        {u"8 chars scattered"_s, u"fctcmpdy"_s},
        {u"miss"_s, u"zqxjvw"_s},
        {u"whole key"_s, g.nodeCount() ? g.keyString(middle) : u"x"_s},
        {u"kind filter"_s, u"kind:product ord"_s},
        {u"owner filter"_s, u"owner:sales-core cust"_s},
        {u"health filter"_s, u"health:fail ord"_s},
        {u"domain + kind filter"_s, u"domain:sales kind:dataset campaign"_s},
        {u"negated kind"_s, u"-kind:job,dataset ord"_s},
    };
    QJsonArray rows;
    double worst = 0;
    for (const auto &[label, text] : queries) {
        const SearchQuery query = SearchQuery::parse(text);
        std::vector<double> times, cpu, single;
        std::size_t hits = 0;
        QString top;
        for (int i = 0; i < std::max(repeat, 3); ++i) {
            const double cpuBefore = cpuMs();
            t.restart();
            const auto result = index->search(query);
            times.push_back(ms(t));
            cpu.push_back(cpuMs() - cpuBefore);
            t.restart();
            index->search(query, FuzzyIndex::kDefaultLimit, 1);
            single.push_back(ms(t));
            hits = result.size();
            top = result.empty() ? QString() : g.keyString(result.front().node);
        }
        std::sort(times.begin(), times.end());
        std::sort(cpu.begin(), cpu.end());
        std::sort(single.begin(), single.end());
        worst = std::max(worst, times[times.size() / 2]);
        rows.append(QJsonObject{{u"label"_s, label}, {u"query"_s, text}, {u"medianMs"_s, times[times.size() / 2]},
                                {u"minMs"_s, times.front()}, {u"maxMs"_s, times.back()},
                                {u"cpuMedianMs"_s, cpu[cpu.size() / 2]}, {u"cpuMinMs"_s, cpu.front()},
                                {u"oneThreadMedianMs"_s, single[single.size() / 2]},
                                {u"hits"_s, qint64(hits)}, {u"top"_s, top}});
    }
    printJson(QJsonObject{{u"nodes"_s, qint64(g.nodeCount())}, {u"loadMs"_s, loadMs},
                          {u"buildMs"_s, buildMs}, {u"buildCpuMs"_s, buildCpuMs}, {u"indexMB"_s, double(index->memoryBytes()) / (1 << 20)},
                          // RSS hardly moves: the index reuses what the snapshot load freed.
                          {u"rssDeltaMB"_s, double(rssAfter - rssBefore) / (1 << 20)},
                          {u"peakRssMB"_s, double(peakResidentBytes()) / (1 << 20)},
                          {u"graphMB"_s, double(g.memoryBytes()) / (1 << 20)},
                          {u"worstMedianMs"_s, worst}, {u"queries"_s, rows}});
    return Success;
}

}  // namespace meshlens::cli
