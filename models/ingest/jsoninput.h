#pragma once

// Internal to the catalog readers (DataHub, OpenMetadata, Atlas): one JSON file of any shape,
// read with JsonDocument's typed access (jsondocument.h). JSON held in a string (DataHub's
// MCP "aspect.value") is parsed as an embedded document whose problems are reported at the
// string that holds it. Not a public header: it pulls in simdjson.

#include "jsondocument.h"

namespace meshlens::json {

class JsonInput : public JsonDocument {
public:
    /// `what` names what the file should be, for messages: "a DataHub metadata file".
    /// `avroUnions`: read {"string": "x"} as "x" where a string is expected.
    JsonInput(IngestBatch &batch, QString what, bool avroUnions = true);

    simdjson::dom::element root() const { return m_root; }

private:
    /// Any JSON value: empty files and text that is not JSON are errors.
    bool parseText() override;

    QString m_what;
    simdjson::dom::element m_root;
};

} // namespace meshlens::json
