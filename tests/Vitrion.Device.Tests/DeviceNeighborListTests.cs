using ILGPU.Runtime;
using Vitrion.Core;
using Vitrion.ForceField;
using Vitrion.ForceField.Neighbors;
using Vitrion.ForceField.Spec;

namespace Vitrion.Device.Tests;

/// <summary>The device neighbour list against the CPU engine's <see cref="GhostNeighborList"/>: the same set of pairs (with periodic image and special order).</summary>
public class DeviceNeighborListTests
{
    /// <summary>Key of a pair: atoms, displacement rounded to 1e-6 Å, special order.</summary>
    private static (int, int, long, long, long, int) Key(int i, int j, Vec3 d, int order) =>
        (i, j, (long)Math.Round(d.X * 1e6), (long)Math.Round(d.Y * 1e6), (long)Math.Round(d.Z * 1e6), order);

    public static (HashSet<(int, int, long, long, long, int)> Cpu, HashSet<(int, int, long, long, long, int)> Device, int Entries) Sets(
        Topology topo, Vec3[] pos, Box box, double cutoff, double skin)
    {
        var spec = DeviceTestSystems.Spec;
        var prm = ForceFieldParameters.Resolve(spec, topo);
        int nt = prm.TypeCount;
        var centre = Enumerable.Range(0, nt).Select(t => prm.SwCentre[t]).ToArray();
        var neighbor = Enumerable.Range(0, nt).Select(t => !double.IsNaN(prm.SwGamma[t])).ToArray();
        var cpu = new GhostNeighborList(cutoff, skin);
        cpu.Build(prm.Topology, box, pos, true, spec.SpecialLj, spec.SpecialCoul, centre, neighbor, 0.0, 1);
        var cpuSet = new HashSet<(int, int, long, long, long, int)>();
        var rec = cpu.Records;
        for (int a = 0; a < cpu.LocalCount; a++)
        {
            for (int k = cpu.Offsets[a]; k < cpu.Offsets[a + 1]; k++)
            {
                int e = cpu.Neighbors[k];
                var d = new Vec3(rec[4 * e] - rec[4 * a], rec[4 * e + 1] - rec[4 * a + 1], rec[4 * e + 2] - rec[4 * a + 2]);
                Assert.True(cpuSet.Add(Key(cpu.Owner[a], cpu.Owner[e], d, 0)));
                Assert.True(cpuSet.Add(Key(cpu.Owner[e], cpu.Owner[a], -1.0 * d, 0)));
            }
        }

        for (int s = 0; s < cpu.SpecialCount; s++)
        {
            int a = cpu.SpecialI[s], e = cpu.SpecialJ[s];
            var d = new Vec3(rec[4 * e] - rec[4 * a], rec[4 * e + 1] - rec[4 * a + 1], rec[4 * e + 2] - rec[4 * a + 2]);
            Assert.True(cpuSet.Add(Key(cpu.Owner[a], cpu.Owner[e], d, cpu.SpecialOrder[s])));
            Assert.True(cpuSet.Add(Key(cpu.Owner[e], cpu.Owner[a], -1.0 * d, cpu.SpecialOrder[s])));
        }

        using var nl = new DeviceNeighborList(DeviceTestSystems.Cpu, prm.Topology, cutoff, skin, centre, neighbor, 0.0);
        var acc = DeviceTestSystems.Cpu.Accelerator;
        using var x = acc.Allocate1D<double>(3 * pos.Length);
        x.View.CopyFromCPU(pos.SelectMany(p => new[] { p.X, p.Y, p.Z }).ToArray());
        nl.Build(box, x.View);
        var devSet = new HashSet<(int, int, long, long, long, int)>();
        foreach (var (i, j, tx, ty, tz, order) in nl.Download())
        {
            var d = pos[j] + new Vec3(tx * box.Lx, ty * box.Ly, tz * box.Lz) - pos[i];
            Assert.True(devSet.Add(Key(i, j, d, order)), $"duplicate entry {i} {j}");
        }

        return (cpuSet, devSet, nl.EntryCount);
    }

    [Theory]
    [InlineData(13.0, 1)]
    [InlineData(12.0, 4)]
    public void SamePairsAsTheCpuList(double edge, int copies)
    {
        var (topo, pos, box) = DeviceTestSystems.Molecular(edge, 5, copies);
        var (cpu, dev, entries) = Sets(topo, pos, box, 12.0, 2.0);
        Assert.True(entries > 1000);
        var onlyCpu = cpu.Except(dev).Take(5).ToList();
        var onlyDev = dev.Except(cpu).Take(5).ToList();
        Assert.True(onlyCpu.Count == 0 && onlyDev.Count == 0, $"cpu only: {string.Join(" ", onlyCpu)}; device only: {string.Join(" ", onlyDev)}");
        Assert.Equal(cpu.Count, dev.Count);
    }
}
