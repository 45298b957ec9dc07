namespace Vitrion.Dynamics;

/// <summary>
/// A small, explicitly seeded random number generator (xoshiro256** seeded through SplitMix64) whose whole
/// state is four 64-bit words plus a cached Gaussian, so it can be written to a checkpoint and restored exactly.
/// The same seed gives the same sequence on every platform (no dependence on <see cref="Random"/>'s algorithm).
/// </summary>
public sealed class SeededRandom
{
    private ulong _s0, _s1, _s2, _s3;
    private bool _hasSpare;
    private double _spare;

    /// <summary>Creates a generator from a seed (any value, including 0).</summary>
    public SeededRandom(ulong seed)
    {
        ulong x = seed;
        _s0 = SplitMix(ref x);
        _s1 = SplitMix(ref x);
        _s2 = SplitMix(ref x);
        _s3 = SplitMix(ref x);
    }

    private SeededRandom(ulong[] words, bool hasSpare, double spare)
    {
        _s0 = words[0]; _s1 = words[1]; _s2 = words[2]; _s3 = words[3];
        _hasSpare = hasSpare;
        _spare = spare;
    }

    /// <summary>The next 64 random bits.</summary>
    public ulong NextUInt64()
    {
        ulong result = RotateLeft(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>A uniform double in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>A standard normal deviate (polar Box–Muller; the second value of each pair is cached in the state).</summary>
    public double NextGaussian()
    {
        if (_hasSpare)
        {
            _hasSpare = false;
            return _spare;
        }

        double u, v, s;
        do
        {
            u = 2.0 * NextDouble() - 1.0;
            v = 2.0 * NextDouble() - 1.0;
            s = u * u + v * v;
        }
        while (s >= 1.0 || s == 0.0);
        double m = Math.Sqrt(-2.0 * Math.Log(s) / s);
        _spare = v * m;
        _hasSpare = true;
        return u * m;
    }

    /// <summary>Writes the complete state (restorable with <see cref="Read"/>).</summary>
    public void Write(BinaryWriter w)
    {
        w.Write(_s0); w.Write(_s1); w.Write(_s2); w.Write(_s3);
        w.Write(_hasSpare);
        w.Write(_spare);
    }

    /// <summary>Reads a state written by <see cref="Write"/>.</summary>
    public static SeededRandom Read(BinaryReader r)
    {
        var words = new[] { r.ReadUInt64(), r.ReadUInt64(), r.ReadUInt64(), r.ReadUInt64() };
        bool has = r.ReadBoolean();
        double spare = r.ReadDouble();
        return new SeededRandom(words, has, spare);
    }

    /// <summary>An independent copy with the same state.</summary>
    public SeededRandom Clone() => new([_s0, _s1, _s2, _s3], _hasSpare, _spare);

    private static ulong RotateLeft(ulong x, int k) => (x << k) | (x >> (64 - k));

    private static ulong SplitMix(ref ulong x)
    {
        ulong z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
