using Xunit;
using System.Numerics;
using MathNet.Numerics.IntegralTransforms;
using Vitrion.ForceField.Kspace;

namespace Vitrion.ForceField.Tests.Kspace;

public sealed class FftTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(8)]
    [InlineData(9)]
    [InlineData(12)]
    [InlineData(15)]
    [InlineData(16)]
    [InlineData(25)]
    [InlineData(27)]
    [InlineData(30)]
    [InlineData(36)]
    [InlineData(45)]
    [InlineData(50)]
    [InlineData(64)]
    [InlineData(90)]
    [InlineData(120)]
    public void BatchedTransformEqualsMathNetOnEveryLine(int n)
    {
        var rng = new Random(n);
        const int batch = 8, stride = 12, offset = 3;   // lines 0..7 of a padded layout
        var re = new double[offset + n * stride + 4];
        var im = new double[re.Length];
        for (int i = 0; i < re.Length; i++) { re[i] = rng.NextDouble() - 0.5; im[i] = rng.NextDouble() - 0.5; }
        var origRe = (double[])re.Clone();
        var origIm = (double[])im.Clone();
        var plan = new FftBatch(n);
        foreach (bool inverse in new[] { false, true })
        {
            Array.Copy(origRe, re, re.Length); Array.Copy(origIm, im, im.Length);
            plan.Transform(re, im, new double[re.Length], new double[re.Length], offset, stride, 0, batch, inverse);
            for (int b = 0; b < batch; b++)
            {
                var line = new Complex[n];
                for (int e = 0; e < n; e++) { line[e] = new Complex(origRe[offset + e * stride + b], origIm[offset + e * stride + b]); }
                if (inverse) { Fourier.Inverse(line, FourierOptions.NoScaling); }
                else { Fourier.Forward(line, FourierOptions.NoScaling); }
                for (int e = 0; e < n; e++)
                {
                    Assert.Equal(line[e].Real, re[offset + e * stride + b], 1e-12 * n);
                    Assert.Equal(line[e].Imaginary, im[offset + e * stride + b], 1e-12 * n);
                }
            }

            // untouched elements (outside the batch) stay as they were
            for (int e = 0; e < n; e++)
            {
                for (int b = batch; b < stride; b++)
                {
                    int idx = offset + e * stride + b;
                    if (idx < re.Length) { Assert.Equal(origRe[idx], re[idx]); }
                }
            }
        }
    }

    [Theory]
    [InlineData(6, 5, 4)]
    [InlineData(9, 10, 8)]
    [InlineData(36, 36, 36)]
    [InlineData(15, 8, 27)]
    public void RealThreeDimensionalTransformEqualsMathNetLines(int nx, int ny, int nz)
    {
        var rng = new Random(nx * 1000 + ny * 10 + nz);
        var real = new double[nx * ny * nz];
        for (int i = 0; i < real.Length; i++) { real[i] = rng.NextDouble() - 0.5; }

        // reference: full complex 3-D DFT as 1-D MathNet transforms along x, y, z
        var full = new Complex[real.Length];
        for (int i = 0; i < real.Length; i++) { full[i] = real[i]; }
        TransformAxis(full, nx, ny, nz, 0);
        TransformAxis(full, nx, ny, nz, 1);
        TransformAxis(full, nx, ny, nz, 2);

        var fft = new Fft3dReal(nx, ny, nz);
        var sr = new double[fft.SpectrumLength];
        var si = new double[fft.SpectrumLength];
        fft.Forward((double[])real.Clone(), sr, si);
        double scale = Math.Sqrt(real.Length);
        for (int z = 0; z < nz; z++)
        {
            for (int y = 0; y < ny; y++)
            {
                for (int k = 0; k < fft.HalfX; k++)
                {
                    var expected = full[(z * ny + y) * nx + k];
                    int idx = (z * ny + y) * fft.RowStride + k;
                    Assert.Equal(expected.Real, sr[idx], 1e-12 * scale);
                    Assert.Equal(expected.Imaginary, si[idx], 1e-12 * scale);
                }
            }
        }

        // inverse of the forward transform gives N times the input
        var back = new double[real.Length];
        fft.Inverse(sr, si, back);
        for (int i = 0; i < real.Length; i++) { Assert.Equal(real[i] * real.Length, back[i], 1e-10 * real.Length); }
    }

    [Fact]
    public void InverseKeepsOnlyTheHermitianPartLikeARealPartOfAComplexInverse()
    {
        // a spectrum that is not Hermitian on the kx = 0 and Nyquist planes: the result must equal Re(complex inverse)
        const int nx = 8, ny = 6, nz = 5;
        var rng = new Random(5);
        var fft = new Fft3dReal(nx, ny, nz);
        var sr = new double[fft.SpectrumLength];
        var si = new double[fft.SpectrumLength];
        var full = new Complex[nx * ny * nz];
        for (int z = 0; z < nz; z++)
        {
            for (int y = 0; y < ny; y++)
            {
                for (int k = 0; k < fft.HalfX; k++)
                {
                    double a = rng.NextDouble() - 0.5, b = rng.NextDouble() - 0.5;
                    sr[(z * ny + y) * fft.RowStride + k] = a;
                    si[(z * ny + y) * fft.RowStride + k] = b;
                    full[(z * ny + y) * nx + k] = new Complex(a, b);
                    if (k != 0 && k != nx / 2)
                    {
                        // the implied mirror value of the stored half spectrum
                        full[(((nz - z) % nz) * ny + (ny - y) % ny) * nx + (nx - k)] = new Complex(a, -b);
                    }
                }
            }
        }

        for (int axis = 0; axis < 3; axis++) { TransformAxis(full, nx, ny, nz, axis, inverse: true); }
        var real = new double[nx * ny * nz];
        fft.Inverse(sr, si, real);
        for (int i = 0; i < real.Length; i++) { Assert.Equal(full[i].Real, real[i], 1e-12); }
    }

    [Theory]
    [InlineData(36, 36, 36, 16)]
    [InlineData(18, 18, 18, 16)]
    [InlineData(15, 9, 5, 4)]
    [InlineData(20, 9, 3, 8)]
    [InlineData(10, 6, 5, 20)]
    public void BatchedXRowsEqualADirectDft(int nx, int ny, int nz, int lanes)
    {
        // every real x-row against the direct DFT X(k) = Σ x(e) e^(−2πi ke/n) (exact twiddles from k·e mod n), and the
        // inverse rows against f(e) = Σ_k m(k) Re(F(k) e^(+2πi ke/n)), m = 1 at k = 0 and n/2, 2 elsewhere; the row
        // counts leave the last group partly empty
        var rng = new Random(nx + 100 * lanes);
        var fft = new Fft3dReal(nx, ny, nz, 1, lanes);
        int rows = ny * nz;
        var real = new double[nx * rows];
        for (int i = 0; i < real.Length; i++) { real[i] = rng.NextDouble() - 0.5; }
        var sr = new double[fft.SpectrumLength];
        var si = new double[fft.SpectrumLength];
        fft.ForwardRows(real, sr, si, 0, fft.RowGroups, 0);
        var cos = Enumerable.Range(0, nx).Select(t => Math.Cos(2 * Math.PI * t / nx)).ToArray();
        var sin = Enumerable.Range(0, nx).Select(t => Math.Sin(2 * Math.PI * t / nx)).ToArray();
        for (int r = 0; r < rows; r++)
        {
            for (int k = 0; k < fft.HalfX; k++)
            {
                double xr = 0, xi = 0;
                for (int e = 0; e < nx; e++) { xr += real[r * nx + e] * cos[k * e % nx]; xi -= real[r * nx + e] * sin[k * e % nx]; }
                Assert.Equal(xr, sr[r * fft.RowStride + k], 1e-12);
                Assert.Equal(xi, si[r * fft.RowStride + k], 1e-12);
            }
        }

        for (int i = 0; i < sr.Length; i++) { sr[i] = rng.NextDouble() - 0.5; si[i] = rng.NextDouble() - 0.5; }
        var back = new double[real.Length];
        fft.InverseRows((double[])sr.Clone(), (double[])si.Clone(), back, 0, fft.RowGroups, 0);
        for (int r = 0; r < rows; r++)
        {
            for (int e = 0; e < nx; e++)
            {
                double f = 0;
                for (int k = 0; k < fft.HalfX; k++)
                {
                    double m = k == 0 || 2 * k == nx ? 1.0 : 2.0;
                    f += m * (sr[r * fft.RowStride + k] * cos[k * e % nx] - si[r * fft.RowStride + k] * sin[k * e % nx]);
                }

                Assert.Equal(f, back[r * nx + e], 1e-12);
            }
        }
    }

    [Theory]
    [InlineData(36)]
    [InlineData(30)]
    [InlineData(45)]
    [InlineData(27)]
    [InlineData(16)]
    [InlineData(5)]
    public void SecondScratchBufferGivesTheSameTransform(int n)
    {
        // with a second scratch pair an odd number of radix stages ends in place instead of copying back: same operations
        var rng = new Random(n);
        var plan = new FftBatch(n);
        const int batch = 8, stride = 12, offset = 3;
        int len = offset + n * stride;
        var re = Enumerable.Range(0, len).Select(_ => rng.NextDouble() - 0.5).ToArray();
        var im = Enumerable.Range(0, len).Select(_ => rng.NextDouble() - 0.5).ToArray();
        foreach (bool inverse in new[] { false, true })
        {
            var (r1, i1) = ((double[])re.Clone(), (double[])im.Clone());
            var (r2, i2) = ((double[])re.Clone(), (double[])im.Clone());
            plan.Transform(r1, i1, new double[len], new double[len], offset, stride, 2, 2 + batch, inverse);
            plan.Transform(r2, i2, new double[len], new double[len], new double[len], new double[len], offset, stride, 2, 2 + batch, inverse);
            Assert.Equal(r1, r2);
            Assert.Equal(i1, i2);
        }
    }

    private static void TransformAxis(Complex[] data, int nx, int ny, int nz, int axis, bool inverse = false)
    {
        int n = axis == 0 ? nx : axis == 1 ? ny : nz;
        int stride = axis == 0 ? 1 : axis == 1 ? nx : nx * ny;
        var line = new Complex[n];
        for (int z = 0; z < (axis == 2 ? 1 : nz); z++)
        {
            for (int y = 0; y < (axis == 1 ? 1 : ny); y++)
            {
                for (int x = 0; x < (axis == 0 ? 1 : nx); x++)
                {
                    int start = (z * ny + y) * nx + x;
                    for (int e = 0; e < n; e++) { line[e] = data[start + e * stride]; }
                    if (inverse) { Fourier.Inverse(line, FourierOptions.NoScaling); }
                    else { Fourier.Forward(line, FourierOptions.NoScaling); }
                    for (int e = 0; e < n; e++) { data[start + e * stride] = line[e]; }
                }
            }
        }
    }
}
