#include "jsoninput.h"

using namespace Qt::StringLiterals;

namespace meshlens::json {

JsonInput::JsonInput(IngestBatch &batch, QString what, bool avroUnions)
    : JsonDocument(batch, Options {avroUnions, false})
    , m_what(std::move(what))
{
}

bool JsonInput::parseText()
{
    if (textIsBlank()) {
        reportAt(Diagnostic::Severity::Error, qint64(m_text.size()),
            u"the file is empty: expected %1 (JSON)"_s.arg(m_what));
        return false;
    }
    return parseDom(&m_root, u" (reading the file as %1)"_s.arg(m_what));
}

} // namespace meshlens::json
