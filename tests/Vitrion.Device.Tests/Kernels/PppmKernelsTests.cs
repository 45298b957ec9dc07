using ILGPU;
using ILGPU.Runtime;
using Vitrion.Core;
using Vitrion.Device.Kernels;
using Vitrion.ForceField;

namespace Vitrion.Device.Tests.Kernels;

/// <summary>The device FFT against a direct DFT, and device PPPM against the CPU PPPM term by term.</summary>
public class PppmKernelsTests
{
    [Theory]
    [InlineData(8, 6, 5)]
    [InlineData(12, 9, 10)]
    [InlineData(7, 4, 15)]
    public void LineTransformsEqualADirectDft(int nx, int ny, int nz)
    {
        var acc = DeviceTestSystems.Cpu.Accelerator;
        int nk = nx * ny * nz;
        var rng = new Random(1);
        var re = Enumerable.Range(0, nk).Select(_ => rng.NextDouble() - 0.5).ToArray();
        var im = Enumerable.Range(0, nk).Select(_ => rng.NextDouble() - 0.5).ToArray();
        var p = new PppmParams { Nx = nx, Ny = ny, Nz = nz };
        using var dre = acc.Allocate1D(re); using var dim = acc.Allocate1D(im);
        using var sre = acc.Allocate1D<double>(nk); using var sim = acc.Allocate1D<double>(nk);
        var line = acc.LoadAutoGroupedStreamKernel<Index1D, ArrayView<double>, ArrayView<double>, ArrayView<double>, ArrayView<double>, ArrayView<double>, ArrayView<double>, ArrayView<int>, int, int, int, PppmParams>(PppmKernels.Line);
        int[] dims = [nx, ny, nz];
        int[] lines = [ny * nz, nx * nz, nx * ny];
        for (int a = 0; a < 3; a++)
        {
            int len = dims[a];
            var tr = Enumerable.Range(0, len).Select(t => Math.Cos(2 * Math.PI * t / len)).ToArray();
            var ti = Enumerable.Range(0, len).Select(t => -Math.Sin(2 * Math.PI * t / len)).ToArray();
            var f = new List<int>();
            int n = len;
            foreach (int r in new[] { 4, 2, 3, 5 }) { while (n % r == 0 && n > 1) { f.Add(r); n /= r; } }
            if (n > 1) { f.Add(n); }
            using var dtr = acc.Allocate1D(tr); using var dti = acc.Allocate1D(ti); using var df = acc.Allocate1D(f.ToArray());
            line(lines[a], dre.View, dim.View, sre.View, sim.View, dtr.View, dti.View, df.View, f.Count, a, 1, p);
        }

        var gr = dre.GetAsArray1D();
        var gi = dim.GetAsArray1D();
        double maxErr = 0, scale = 0;
        for (int kz = 0; kz < nz; kz++)
        {
            for (int ky = 0; ky < ny; ky++)
            {
                for (int kx = 0; kx < nx; kx++)
                {
                    double sr = 0, si = 0;
                    for (int z = 0; z < nz; z++)
                    {
                        for (int y = 0; y < ny; y++)
                        {
                            for (int x = 0; x < nx; x++)
                            {
                                double ph = -2 * Math.PI * ((double)kx * x / nx + (double)ky * y / ny + (double)kz * z / nz);
                                int g = (z * ny + y) * nx + x;
                                sr += re[g] * Math.Cos(ph) - im[g] * Math.Sin(ph);
                                si += re[g] * Math.Sin(ph) + im[g] * Math.Cos(ph);
                            }
                        }
                    }

                    int k = (kz * ny + ky) * nx + kx;
                    maxErr = Math.Max(maxErr, Math.Max(Math.Abs(sr - gr[k]), Math.Abs(si - gi[k])));
                    scale = Math.Max(scale, Math.Abs(sr));
                }
            }
        }

        Assert.True(maxErr < 1e-12 * Math.Max(1, scale), $"max error {maxErr:E3}");
    }

    [Fact]
    public void DevicePppmEqualsTheHostPppmTermByTerm()
    {
        var (topo, pos, box) = DeviceTestSystems.Molecular(14.5, 2, copies: 3);
        var options = new ForceFieldOptions { Terms = ForceFieldTerms.Kspace, Threads = 1 };
        var spec = DeviceTestSystems.Spec;
        using var onDevice = new DevicePotential(DeviceTestSystems.Cpu, spec, topo, box, options);
        using var onHost = new DevicePotential(DeviceTestSystems.Cpu, spec, topo, box, options, pppmOnDevice: false);
        Assert.False(onDevice.HasHostKspace);
        Assert.True(onHost.HasHostKspace);
        Assert.Equal(onHost.GEwald, onDevice.GEwald);
        var st = new SystemState(onDevice.Topology, box, (Vec3[])pos.Clone());
        var a = new ForceBuffer(st.AtomCount);
        var b = new ForceBuffer(st.AtomCount);
        onDevice.Compute(st, a, true);
        onHost.Compute(st, b, true);
        Assert.True(Math.Abs(a.Energies.Elong - b.Energies.Elong) < 1e-10 * Math.Abs(b.Energies.Elong), $"elong {a.Energies.Elong:R} vs {b.Energies.Elong:R}");
        Assert.Equal(0.0, a.Energies.Ecoul);
        for (int k = 0; k < 6; k++) { Assert.True(Math.Abs(a.Virial[k] - b.Virial[k]) < 1e-10 * Math.Abs(b.Virial[0]), $"virial {k}"); }
        for (int i = 0; i < st.AtomCount; i++)
        {
            Assert.True((a.Forces[i] - b.Forces[i]).Norm < 1e-10, $"atom {i}: {a.Forces[i]} vs {b.Forces[i]}");
            Assert.True(Math.Abs(a.PerAtomEnergy[i] - b.PerAtomEnergy[i]) < 1e-10, $"atom {i} energy");
        }
    }
}
