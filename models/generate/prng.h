#pragma once

// The generator's own random numbers. std::uniform_int_distribution and friends may give
// different sequences on another standard library, which would change the demo mesh and
// break byte-identical output; these are defined bit for bit here.

#include <QtGlobal>

#include <cmath>
#include <cstdint>

namespace meshlens::gen {

/// SplitMix64 finaliser: a good stateless 64-bit mix, for seeding and for hashing indices
/// into independent streams.
constexpr quint64 mix64(quint64 x)
{
    x += 0x9E3779B97F4A7C15ull;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
    return x ^ (x >> 31);
}

/// A stream identified by a seed and up to three integers (e.g. dataset index, check, day).
constexpr quint64 streamSeed(quint64 seed, quint64 a, quint64 b = 0, quint64 c = 0)
{
    return mix64(mix64(mix64(seed ^ 0x6D6573686C656E73ull) ^ a) ^ (b * 0x100000001B3ull)) ^ c;
}

/// xoshiro256** (Blackman and Vigna): fast, small state, statistically solid.
class Prng {
public:
    explicit Prng(quint64 seed)
    {
        quint64 x = seed;
        for (quint64 &s : m_s) {
            x += 0x9E3779B97F4A7C15ull;
            s = mix64(x);
        }
    }

    quint64 next()
    {
        const quint64 result = rotl(m_s[1] * 5, 7) * 9;
        const quint64 t = m_s[1] << 17;
        m_s[2] ^= m_s[0];
        m_s[3] ^= m_s[1];
        m_s[1] ^= m_s[2];
        m_s[0] ^= m_s[3];
        m_s[2] ^= t;
        m_s[3] = rotl(m_s[3], 45);
        return result;
    }

    /// Uniform in [0, 1) with 53 random bits.
    double uniform() { return double(next() >> 11) * 0x1.0p-53; }
    double uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }
    bool chance(double p) { return uniform() < p; }

    /// Uniform integer in [0, n); Lemire's multiply-shift (the bias is below 2^-32 here).
    qint64 below(qint64 n)
    {
        if (n <= 1)
            return 0;
        return qint64((unsigned __int128)(next()) * quint64(n) >> 64);
    }
    qint64 between(qint64 lo, qint64 hi) { return lo + below(hi - lo + 1); } ///< inclusive

    /// Pareto with minimum 1 and shape alpha: heavy-tailed sizes and popularity.
    double pareto(double alpha) { return std::pow(1.0 - uniform(), -1.0 / alpha); }
    double exponential(double mean) { return -mean * std::log(1.0 - uniform()); }
    double normal()
    {
        // Box-Muller without the cached second value: simpler to keep deterministic.
        const double u1 = 1.0 - uniform();
        const double u2 = uniform();
        return std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);
    }
    double lognormal(double mu, double sigma) { return std::exp(mu + sigma * normal()); }

private:
    static quint64 rotl(quint64 x, int k) { return (x << k) | (x >> (64 - k)); }
    quint64 m_s[4];
};

} // namespace meshlens::gen
