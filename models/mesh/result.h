#pragma once

#include <QString>

#include <utility>
#include <variant>

namespace meshlens {

/// Why an operation failed, in words a user can act on (names the file, the position and
/// what was expected where that applies).
struct Error {
    QString message;
};

/// A value or an Error. Errors are values here: nothing throws across a library boundary.
template<typename T>
class Result
{
public:
    Result(T value) : m_v(std::move(value)) {}          // NOLINT(google-explicit-constructor)
    Result(Error error) : m_v(std::move(error)) {}      // NOLINT(google-explicit-constructor)

    bool ok() const { return m_v.index() == 0; }
    explicit operator bool() const { return ok(); }
    T &value() & { return std::get<0>(m_v); }
    const T &value() const & { return std::get<0>(m_v); }
    T &&value() && { return std::get<0>(std::move(m_v)); }
    T *operator->() { return &std::get<0>(m_v); }
    const T *operator->() const { return &std::get<0>(m_v); }
    const Error &error() const { return std::get<1>(m_v); }
    /// Empty when ok, so that `QVERIFY2(r, qPrintable(r.errorMessage()))` is safe to write.
    const QString &errorMessage() const
    {
        static const QString none;
        return ok() ? none : std::get<1>(m_v).message;
    }

private:
    std::variant<T, Error> m_v;
};

/// For operations with no value: ok or an Error.
struct Done {};
using Status = Result<Done>;

}  // namespace meshlens
