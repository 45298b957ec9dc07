using System.Collections.Immutable;
using Vitrion.Core;

namespace Vitrion.IO.Tests;

/// <summary>Random frames with every optional field set, for round-trip tests.</summary>
internal static class RandomFrames
{
    public static Box RandomBox(Random rng, bool triclinic, bool zeroOrigin = false)
    {
        double lx = 8 + 20 * rng.NextDouble(), ly = 8 + 20 * rng.NextDouble(), lz = 8 + 20 * rng.NextDouble();
        var origin = zeroOrigin ? Vec3.Zero : new Vec3(-5 + 10 * rng.NextDouble(), -5 + 10 * rng.NextDouble(), -5 + 10 * rng.NextDouble());
        // As in files: lengths are differences of the stored bounds (hi − lo).
        lx = (origin.X + lx) - origin.X;
        ly = (origin.Y + ly) - origin.Y;
        lz = (origin.Z + lz) - origin.Z;
        if (!triclinic) { return new Box(origin, lx, ly, lz); }
        return new Box(origin, lx, ly, lz, (rng.NextDouble() - 0.5) * lx, (rng.NextDouble() - 0.5) * lx, (rng.NextDouble() - 0.5) * ly);
    }

    public static Frame Make(int seed, int n, bool triclinic, bool zeroOrigin = false, string[]? typeNames = null)
    {
        var rng = new Random(seed);
        var box = RandomBox(rng, triclinic, zeroOrigin);
        typeNames ??= ["Li", "P4", "S4", "S0"];
        var pos = new Vec3[n];
        var vel = new Vec3[n];
        var frc = new Vec3[n];
        var img = new Int3[n];
        var ids = new int[n];
        var types = new int[n];
        var pe = new double[n];
        int id = 0;
        for (int i = 0; i < n; i++)
        {
            id += 1 + rng.Next(3);
            ids[i] = id;
            types[i] = rng.Next(typeNames.Length);
            pos[i] = box.ToCartesian(new Vec3(rng.NextDouble(), rng.NextDouble(), rng.NextDouble()));
            vel[i] = new Vec3(rng.NextDouble() - 0.5, rng.NextDouble() - 0.5, rng.NextDouble() - 0.5) * 0.01;
            frc[i] = new Vec3(rng.NextDouble() - 0.5, rng.NextDouble() - 0.5, rng.NextDouble() - 0.5) * 30;
            img[i] = new Int3(rng.Next(-3, 4), rng.Next(-3, 4), rng.Next(-3, 4));
            pe[i] = -100 * rng.NextDouble();
        }

        return new Frame(box, pos, ids, types, typeNames)
        {
            Step = rng.Next(1, 1_000_000),
            TimeFs = rng.Next(1, 1_000_000) * 0.5,
            Images = img,
            Velocities = vel,
            Forces = frc,
            Extra = ImmutableDictionary<string, double[]>.Empty.Add("c_pe", pe),
        };
    }
}
