#include "phaselens/learned_analysis.h"

#include <algorithm>
#include <cmath>
#include <complex>
#include <numeric>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

namespace phaselens::core {

namespace {

constexpr int64_t kMaxCells = int64_t{1} << 28;
constexpr double kPi = 3.14159265358979323846;

void requireTable(const Eigen::MatrixXd& table) {
    if (table.rows() < 1 || table.cols() < 1)
        throw std::invalid_argument("table must have at least one row and one column, got " +
                                    std::to_string(table.rows()) + " x " + std::to_string(table.cols()));
}

using Complex = std::complex<double>;

// In-place iterative radix-2 FFT (n a power of two); sign −1 forward, +1 inverse (unscaled).
void fftPow2(std::vector<Complex>& a, int sign) {
    const size_t n = a.size();
    for (size_t i = 1, j = 0; i < n; ++i) {
        size_t bit = n >> 1;
        for (; j & bit; bit >>= 1) j ^= bit;
        j ^= bit;
        if (i < j) std::swap(a[i], a[j]);
    }
    for (size_t len = 2; len <= n; len <<= 1) {
        const double angle = sign * 2.0 * kPi / static_cast<double>(len);
        for (size_t i = 0; i < n; i += len)
            for (size_t k = 0; k < len / 2; ++k) {
                const Complex w = std::polar(1.0, angle * static_cast<double>(k));
                const Complex u = a[i + k], v = a[i + k + len / 2] * w;
                a[i + k] = u + v;
                a[i + k + len / 2] = u - v;
            }
    }
}

// Forward DFT of any length: radix-2 directly, Bluestein's chirp-z otherwise.
class Dft {
  public:
    explicit Dft(size_t n) : n_(n) {
        m_ = 1;
        while (m_ < n) m_ <<= 1;
        if (m_ == n) return;
        m_ = 1;
        while (m_ < 2 * n - 1) m_ <<= 1;
        chirp_.resize(n);
        for (size_t k = 0; k < n; ++k) {
            // k² mod 2n keeps the angle small and exact for large k.
            const uint64_t k2 = (static_cast<uint64_t>(k) * k) % (2 * static_cast<uint64_t>(n));
            chirp_[k] = std::polar(1.0, -kPi * static_cast<double>(k2) / static_cast<double>(n));
        }
        kernel_.assign(m_, Complex(0, 0));
        kernel_[0] = std::conj(chirp_[0]);
        for (size_t k = 1; k < n; ++k) kernel_[k] = kernel_[m_ - k] = std::conj(chirp_[k]);
        fftPow2(kernel_, -1);
    }
    std::vector<Complex> operator()(const std::vector<Complex>& x) const {
        if (chirp_.empty()) {
            std::vector<Complex> a = x;
            fftPow2(a, -1);
            return a;
        }
        std::vector<Complex> a(m_, Complex(0, 0));
        for (size_t k = 0; k < n_; ++k) a[k] = x[k] * chirp_[k];
        fftPow2(a, -1);
        for (size_t k = 0; k < m_; ++k) a[k] *= kernel_[k];
        fftPow2(a, +1);
        std::vector<Complex> out(n_);
        for (size_t k = 0; k < n_; ++k) out[k] = a[k] * chirp_[k] / static_cast<double>(m_);
        return out;
    }

  private:
    size_t n_, m_;
    std::vector<Complex> chirp_, kernel_;
};

}  // namespace

Eigen::MatrixXd resizeTableLinear(const Eigen::MatrixXd& table, int64_t newRows, bool alignCorners) {
    requireTable(table);
    if (newRows < 1) throw std::invalid_argument("resize must be >= 1, got " + std::to_string(newRows));
    if (newRows > kMaxCells / table.cols())
        throw std::invalid_argument("resize must keep resize * dim <= " + std::to_string(kMaxCells) + ", got " +
                                    std::to_string(newRows) + " * " + std::to_string(table.cols()));
    const int64_t in = table.rows();
    double scale;
    if (alignCorners)
        scale = newRows > 1 ? static_cast<double>(in - 1) / static_cast<double>(newRows - 1) : 0.0;
    else
        scale = static_cast<double>(in) / static_cast<double>(newRows);
    Eigen::MatrixXd out(newRows, table.cols());
    for (int64_t i = 0; i < newRows; ++i) {
        double src = alignCorners ? scale * static_cast<double>(i) : scale * (static_cast<double>(i) + 0.5) - 0.5;
        if (src < 0) src = 0;
        int64_t i0 = static_cast<int64_t>(src);  // src >= 0: truncation is floor
        if (i0 > in - 1) i0 = in - 1;
        const int64_t i1 = i0 < in - 1 ? i0 + 1 : i0;
        const double lambda1 = src - static_cast<double>(i0), lambda0 = 1.0 - lambda1;
        out.row(i) = lambda0 * table.row(i0) + lambda1 * table.row(i1);
    }
    return out;
}

Eigen::VectorXd tableRowNorms(const Eigen::MatrixXd& table) {
    return table.rowwise().norm();
}

Eigen::MatrixXd tableCosineSimilarity(const Eigen::MatrixXd& table) {
    const Eigen::VectorXd norms = tableRowNorms(table);
    Eigen::MatrixXd unit = table;
    for (Eigen::Index r = 0; r < unit.rows(); ++r) {
        if (norms(r) > 0)
            unit.row(r) /= norms(r);
        else
            unit.row(r).setZero();
    }
    Eigen::MatrixXd c = unit * unit.transpose();
    return c.cwiseMax(-1.0).cwiseMin(1.0);  // rounding can leave |cos| a few ulps above 1
}

TablePca tablePca(const Eigen::MatrixXd& table, int components) {
    requireTable(table);
    if (components < 1) throw std::invalid_argument("components must be >= 1, got " + std::to_string(components));
    const Eigen::MatrixXd x = table.rowwise() - table.colwise().mean();
    const Eigen::Index t = x.rows(), d = x.cols();
    const Eigen::Index k = std::min<Eigen::Index>({components, d, t});
    TablePca out;
    out.components.resize(d, k);
    out.explained.resize(k);
    double total;
    Eigen::VectorXd values;
    if (d <= t) {
        Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eig(x.transpose() * x);
        values = eig.eigenvalues().reverse();  // descending
        out.components = eig.eigenvectors().rowwise().reverse().leftCols(k);
    } else {
        Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eig(x * x.transpose());
        values = eig.eigenvalues().reverse();
        const Eigen::MatrixXd u = eig.eigenvectors().rowwise().reverse().leftCols(k);
        for (Eigen::Index c = 0; c < k; ++c) {
            Eigen::VectorXd v = x.transpose() * u.col(c);
            const double n = v.norm();
            out.components.col(c) = n > 0 ? Eigen::VectorXd(v / n) : Eigen::VectorXd::Zero(d);
        }
    }
    values = values.cwiseMax(0.0);
    total = values.sum();
    for (Eigen::Index c = 0; c < k; ++c) {
        Eigen::Index arg;
        out.components.col(c).cwiseAbs().maxCoeff(&arg);
        if (out.components(arg, c) < 0) out.components.col(c) *= -1.0;
        out.explained(c) = total > 0 ? values(c) / total : 0.0;
    }
    out.projections = x * out.components;
    return out;
}

Eigen::MatrixXd tablePowerSpectrum(const Eigen::MatrixXd& table) {
    requireTable(table);
    const size_t t = static_cast<size_t>(table.rows());
    const Dft dft(t);
    Eigen::MatrixXd p(static_cast<Eigen::Index>(t / 2 + 1), table.cols());
    std::vector<Complex> x(t);
    for (Eigen::Index j = 0; j < table.cols(); ++j) {
        const double mean = table.col(j).mean();
        for (size_t i = 0; i < t; ++i) x[i] = Complex(table(static_cast<Eigen::Index>(i), j) - mean, 0.0);
        const std::vector<Complex> f = dft(x);
        for (size_t k = 0; k <= t / 2; ++k)
            p(static_cast<Eigen::Index>(k), j) = std::norm(f[k]) / static_cast<double>(t);
    }
    return p;
}

Eigen::MatrixXd learnedTableSynthetic(int64_t maxPositions, int dim, uint64_t seed) {
    if (maxPositions < 2)
        throw std::invalid_argument("max_positions must be >= 2, got " + std::to_string(maxPositions));
    if (dim < 1) throw std::invalid_argument("dim must be >= 1, got " + std::to_string(dim));
    if (maxPositions > kMaxCells / dim)
        throw std::invalid_argument("max_positions * dim must be <= " + std::to_string(kMaxCells) + ", got " +
                                    std::to_string(maxPositions) + " * " + std::to_string(dim));
    std::mt19937_64 rng(seed);
    std::uniform_real_distribution<double> uniform(0.0, 2.0 * kPi);
    std::normal_distribution<double> normal(0.0, 1.0);
    const double tMax = static_cast<double>(maxPositions);
    const double fLo = 0.5, fHi = std::max(fLo, tMax / 8.0);
    std::vector<int> order(static_cast<size_t>(dim));
    std::iota(order.begin(), order.end(), 0);
    std::shuffle(order.begin(), order.end(), rng);
    std::vector<double> freq(static_cast<size_t>(dim)), amp(static_cast<size_t>(dim)), phase(static_cast<size_t>(dim));
    for (int j = 0; j < dim; ++j) {
        const double u = dim > 1 ? static_cast<double>(order[static_cast<size_t>(j)]) / (dim - 1) : 0.0;
        freq[static_cast<size_t>(j)] = fLo * std::pow(fHi / fLo, u);
        amp[static_cast<size_t>(j)] = 0.1 / (1.0 + freq[static_cast<size_t>(j)] / 16.0);
        phase[static_cast<size_t>(j)] = uniform(rng);
    }
    Eigen::MatrixXd w(maxPositions, dim);
    const double rampStart = 0.9 * tMax, rampLen = 0.1 * tMax;
    for (int64_t p = 0; p < maxPositions; ++p) {
        const double pd = static_cast<double>(p);
        const double sigma = 0.01 + 0.03 * std::clamp((pd - rampStart) / rampLen, 0.0, 1.0);
        for (int j = 0; j < dim; ++j) {
            const size_t js = static_cast<size_t>(j);
            w(p, j) = amp[js] * std::sin(2.0 * kPi * freq[js] * pd / tMax + phase[js]) + sigma * normal(rng);
        }
    }
    return w;
}

}  // namespace phaselens::core
