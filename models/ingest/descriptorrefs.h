#pragma once

// "$ref"s of a data product descriptor (Open Data Mesh DPDS): a component written as
// {"$ref": "ports/x.json"} (plus, optionally, a description) stands for the object in that
// file, or at a fragment of it or of the referring document ("#/components/x",
// "#components/x", "#components.x.y").
//
// Only files inside the descriptor's own folder tree are read: a $ref is refused with an error
// when it is absolute, a URL, or a relative path that leads out of that folder (also through
// a symbolic link). Missing files, fragments that name nothing, cycles (a -> b -> a) and
// chains longer than kMaxRefHops are errors too, each reported at the "$ref" in the file that
// holds it. Referred files are loaded through the YAML layer, with its limits, once each.

#include "declarationreader.h"
#include "yamlfile.h"

#include <QHash>
#include <QString>

#include <optional>

namespace meshlens {

class DescriptorRefs {
public:
    static constexpr int kMaxRefHops = 16;
    static constexpr int kMaxFiles = 256;

    /// `descriptor` is the root document; its folder bounds every file a $ref may name.
    DescriptorRefs(const YamlDocument &descriptor, Diagnostics *diagnostics,
                   DeclarationSummary *summary);

    struct Target {
        YAML::Node node;
        QString file; ///< the file the node is in (refs inside it are relative to it)
    };
    /// `node` (in `file`) when it has no "$ref"; else what its chain of $refs leads to. Empty,
    /// with an error, when the chain cannot be followed.
    std::optional<Target> follow(const YAML::Node &node, const QString &file);

    /// The document of a file already loaded (the descriptor or a referred file).
    const YamlDocument *document(const QString &file) const;

private:
    std::optional<Target> step(const QString &ref, const YAML::Node &at, const QString &file);
    std::optional<YAML::Node> pointer(const YamlDocument &doc, const QString &fragment,
                                      const YAML::Node &at, const QString &file,
                                      const QString &ref, bool quiet);
    void error(const QString &file, const YAML::Node &at, const QString &message);

    QString m_root; ///< the descriptor's folder, absolute and clean, ending in '/'
    QString m_rootFile;
    QString m_canonicalRoot;
    QHash<QString, YamlDocument> m_documents;
    Diagnostics *m_diagnostics;
    DeclarationSummary *m_summary;
};

} // namespace meshlens
