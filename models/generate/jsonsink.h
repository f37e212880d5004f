#pragma once

// A small buffered JSON text writer for the generator: appends to a byte buffer and hands it
// to the device in large blocks. No DOM, no QString: a million-dataset mesh streams out at
// memory speed. The caller writes the punctuation; the sink gets strings, numbers and times
// right (escaping, shortest round-trip doubles, ISO 8601).

#include "mesh/meshtypes.h"

#include <QString>

#include <string>
#include <string_view>

class QIODevice;

namespace meshlens::gen {

class JsonSink {
public:
    explicit JsonSink(QIODevice &out);

    JsonSink &raw(std::string_view text)
    {
        m_buffer.append(text);
        return spill();
    }
    JsonSink &str(std::string_view text); ///< a quoted, escaped JSON string
    JsonSink &num(qint64 value);
    JsonSink &real(double value); ///< shortest text that reads back the same double
    JsonSink &time(Timestamp t); ///< "2025-06-01T00:00:00Z", ".123" when ms are set

    /// Writes what is buffered; false when the device refused (see errorString()).
    bool flush();
    bool ok() const { return m_error.isEmpty(); }
    QString errorString() const { return m_error; }
    qint64 bytesWritten() const { return m_written + qint64(m_buffer.size()); }

private:
    JsonSink &spill()
    {
        if (m_buffer.size() >= kBlock)
            flush();
        return *this;
    }

    static constexpr size_t kBlock = 1 << 20;
    QIODevice &m_out;
    std::string m_buffer;
    qint64 m_written = 0;
    QString m_error;
};

/// ISO 8601 UTC text of a timestamp into a buffer of at least 24 bytes; returns the length.
int formatIsoUtc(Timestamp t, char *out);

} // namespace meshlens::gen
