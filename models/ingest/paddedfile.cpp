#include "paddedfile.h"

#include <QFile>

#include <algorithm>
#include <cstring>

using namespace Qt::StringLiterals;

namespace meshlens::json {

namespace {

QString noMemory(qint64 size)
{
    return u"not enough memory to read the file (%1 bytes)"_s.arg(size);
}

}  // namespace

QString readPaddedFile(const QString &path, simdjson::padded_string &buffer)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return u"cannot open the file: "_s + file.errorString();
    const qint64 size = file.size();
    buffer = simdjson::padded_string(size_t(std::max<qint64>(size, 0)));
    if (size > 0 && !buffer.data())
        return noMemory(size);
    qint64 done = 0;
    while (done < size) {
        const qint64 n = file.read(buffer.data() + done, size - done);
        if (n <= 0)
            break;
        done += n;
    }
    if (done != size)
        return u"cannot read the file: "_s + file.errorString();
    return {};
}

QString copyPadded(std::string_view bytes, simdjson::padded_string &buffer)
{
    buffer = simdjson::padded_string(bytes.size());
    if (!bytes.empty() && !buffer.data())
        return noMemory(qint64(bytes.size()));
    if (!bytes.empty())
        std::memcpy(buffer.data(), bytes.data(), bytes.size());
    return {};
}

std::string_view textAfterBom(const simdjson::padded_string &buffer)
{
    std::string_view text(buffer.data(), buffer.size());
    if (text.size() >= 3 && std::memcmp(text.data(), "\xEF\xBB\xBF", 3) == 0)
        text.remove_prefix(3);
    return text;
}

}  // namespace meshlens::json
