using Vitrion.Core;

namespace Vitrion.ForceField.Kspace;

/// <summary>Options of <see cref="Ewald"/>.</summary>
public sealed record EwaldOptions
{
    /// <summary>Relative force accuracy (LAMMPS kspace_style ewald value; default 1e-5).</summary>
    public double Accuracy { get; init; } = 1e-5;

    /// <summary>Real-space Coulomb cutoff [Å] (used to choose g_ewald).</summary>
    public double RealSpaceCutoff { get; init; } = 12.0;

    /// <summary>Fixed splitting parameter [1/Å]; null = from the accuracy as LAMMPS.</summary>
    public double? GEwald { get; init; }

    /// <summary>Threads (0 = all processors).</summary>
    public int Threads { get; init; }

    /// <summary>Coulomb constant [kcal·Å/(mol·e²)].</summary>
    public double CoulombConstant { get; init; } = Units.Coulomb;
}

/// <summary>
/// The Ewald reciprocal-space sum exactly as LAMMPS <c>kspace_style ewald</c>: g_ewald from the relative accuracy
/// (accuracy × qqr2e; g = √(−ln(acc·√(N rc V)/(2 q2)))/rc), kx/ky/kz max from the LAMMPS RMS estimate, all k in the
/// half space with k² ≤ gsqmx (for triclinic boxes the LAMMPS kmax transform, with a 1e-9 guard against truncating
/// k − ε to k − 1, and axis vectors up to kmax), the self energy and the uniform neutralising background −π Q²/(2 g² V) for
/// non-neutral systems (energy only, as LAMMPS: the virial has no background term). Per-atom energies follow LAMMPS
/// (q_i Σ_k u_k Re(e^{ik·r_i} S*) minus the per-atom self and background parts).
/// </summary>
public sealed class Ewald : IKspaceTerm
{
    private readonly double[] _q;
    private readonly EwaldOptions _options;
    private readonly double _qsum, _qsqsum, _q2, _accuracy;
    private int _k1, _k2, _k3, _kcount;
    private int[] _n1 = [], _n2 = [], _n3 = [];
    private double[] _kx = [], _ky = [], _kz = [], _ug = [], _vg = [];
    private int[] _groupStart = [0];
    private double[] _sre = [], _sim = [];
    private double[] _tab = [];
    private double _volume;
    private Box _box;

    /// <summary>Creates the term for the charges of <paramref name="topology"/> in <paramref name="box"/>.</summary>
    /// <exception cref="InputException">when the system has no charges and no fixed g_ewald.</exception>
    public Ewald(Topology topology, Box box, EwaldOptions options)
    {
        _options = options;
        _q = topology.Charges.ToArray();
        foreach (double q in _q) { _qsum += q; _qsqsum += q * q; }
        _q2 = _qsqsum * options.CoulombConstant;
        _accuracy = options.Accuracy * options.CoulombConstant; // two_charge_force in real units
        _box = box;
        if (options.GEwald is { } g)
        {
            GEwald = g;
        }
        else
        {
            if (_q2 == 0) { throw new InputException("Ewald needs charges (or a fixed g_ewald)"); }
            if (!(_accuracy > 0)) { throw new InputException("k-space accuracy must be > 0"); }
            double gg = _accuracy * Math.Sqrt(_q.Length * options.RealSpaceCutoff * box.Lx * box.Ly * box.Lz) / (2.0 * _q2);
            GEwald = gg >= 1.0 ? (1.35 - 0.15 * Math.Log(_accuracy)) / options.RealSpaceCutoff : Math.Sqrt(-Math.Log(gg)) / options.RealSpaceCutoff;
        }

        Setup(box);
    }

    /// <inheritdoc />
    public string Name => "ewald";

    /// <inheritdoc />
    public double GEwald { get; }

    /// <summary>Number of k vectors in the half space.</summary>
    public int KCount => _kcount;

    /// <summary>kxmax, kymax, kzmax (after the triclinic adjustment).</summary>
    public (int X, int Y, int Z) KMax => (_k1, _k2, _k3);

    /// <inheritdoc />
    public void Setup(Box box)
    {
        _box = box;
        double xprd = box.Lx, yprd = box.Ly, zprd = box.Lz;
        _volume = xprd * yprd * zprd;
        double g = GEwald;
        int n = Math.Max(1, _q.Length);
        double Rms(int km, double prd) => 2.0 * _q2 * g / prd * Math.Sqrt(1.0 / (Math.PI * km * n)) * Math.Exp(-Math.PI * Math.PI * km * km / (g * g * prd * prd));
        int kx = 1, ky = 1, kz = 1;
        while (Rms(kx, xprd) > _accuracy) { kx++; }
        while (Rms(ky, yprd) > _accuracy) { ky++; }
        while (Rms(kz, zprd) > _accuracy) { kz++; }
        double u0 = 2 * Math.PI / xprd, u1 = 2 * Math.PI / yprd, u2 = 2 * Math.PI / zprd;
        double gsqmx = Math.Max(u0 * u0 * kx * kx, Math.Max(u1 * u1 * ky * ky, u2 * u2 * kz * kz)) * 1.00001;
        int kmax = Math.Max(kx, Math.Max(ky, kz));
        bool tri = box.IsTriclinic;
        if (tri)
        {
            double t0 = kx / xprd, t1 = ky / yprd, t2 = kz / zprd;
            // lamda2xT: H^T applied
            double o0 = xprd * t0, o1 = box.Xy * t0 + yprd * t1, o2 = box.Xz * t0 + box.Yz * t1 + zprd * t2;
            kx = Math.Max(1, (int)(o0 + 1e-9)); ky = Math.Max(1, (int)(o1 + 1e-9)); kz = Math.Max(1, (int)(o2 + 1e-9));
            kmax = Math.Max(kx, Math.Max(ky, kz));
        }

        // Reciprocal rows of H^{-1}: k = 2π (n1 b1 + n2 b2 + n3 b3).
        double ilx = 1 / xprd, ily = 1 / yprd, ilz = 1 / zprd;
        var b1 = new Vec3(ilx, -box.Xy * ilx * ily, (box.Xy * box.Yz - box.Xz * yprd) * ilx * ily * ilz);
        var b2 = new Vec3(0, ily, -box.Yz * ily * ilz);
        var b3 = new Vec3(0, 0, ilz);
        var list = new List<(int, int, int, Vec3, double)>();
        void Consider(int a, int b, int c)
        {
            Vec3 k = 2 * Math.PI * (a * b1 + b * b2 + c * b3);
            double sq = k.NormSquared;
            if (sq <= gsqmx) { list.Add((a, b, c, k, sq)); }
        }

        // Half space: (a>0, any b, any c), (0, b>0, any c), (0, 0, c>0); axis-only vectors up to kmax (as orthogonal
        // LAMMPS; used for triclinic boxes too so that the k set is continuous when a tilt appears).
        int ax = kmax, ay = kmax, az = kmax;
        for (int a = 1; a <= ax; a++) { Consider(a, 0, 0); }
        for (int b = 1; b <= ay; b++) { Consider(0, b, 0); }
        for (int c = 1; c <= az; c++) { Consider(0, 0, c); }
        for (int a = 1; a <= kx; a++)
        {
            for (int b = -ky; b <= ky; b++)
            {
                for (int c = -kz; c <= kz; c++)
                {
                    if (b == 0 && c == 0) { continue; }
                    Consider(a, b, c);
                }
            }
        }

        for (int b = 1; b <= ky; b++)
        {
            for (int c = -kz; c <= kz; c++) { if (c != 0) { Consider(0, b, c); } }
        }

        list.Sort((p, q) => p.Item1 != q.Item1 ? p.Item1.CompareTo(q.Item1) : p.Item2 != q.Item2 ? p.Item2.CompareTo(q.Item2) : p.Item3.CompareTo(q.Item3));
        _kcount = list.Count;
        _k1 = Math.Max(ax, kx); _k2 = Math.Max(ay, ky); _k3 = Math.Max(az, kz);
        _n1 = new int[_kcount]; _n2 = new int[_kcount]; _n3 = new int[_kcount];
        _kx = new double[_kcount]; _ky = new double[_kcount]; _kz = new double[_kcount];
        _ug = new double[_kcount]; _vg = new double[6 * _kcount];
        var groups = new List<int>();
        double preu = 4.0 * Math.PI / _volume;
        double g2inv = 1.0 / (g * g);
        for (int k = 0; k < _kcount; k++)
        {
            var (a, b, c, kv, sq) = list[k];
            _n1[k] = a; _n2[k] = b; _n3[k] = c;
            _kx[k] = kv.X; _ky[k] = kv.Y; _kz[k] = kv.Z;
            _ug[k] = preu * Math.Exp(-0.25 * sq * g2inv) / sq;
            double vterm = -2.0 * (1.0 / sq + 0.25 * g2inv);
            _vg[6 * k] = 1.0 + vterm * kv.X * kv.X;
            _vg[6 * k + 1] = 1.0 + vterm * kv.Y * kv.Y;
            _vg[6 * k + 2] = 1.0 + vterm * kv.Z * kv.Z;
            _vg[6 * k + 3] = vterm * kv.X * kv.Y;
            _vg[6 * k + 4] = vterm * kv.X * kv.Z;
            _vg[6 * k + 5] = vterm * kv.Y * kv.Z;
            if (k == 0 || a != _n1[k - 1] || b != _n2[k - 1]) { groups.Add(k); }
        }

        groups.Add(_kcount);
        _groupStart = groups.ToArray();
        _sre = new double[_kcount];
        _sim = new double[_kcount];
    }

    private int TabStride => 2 * ((_k1 + 1) + (2 * _k2 + 1) + (2 * _k3 + 1));

    /// <inheritdoc/>
    public void Compute(SystemState state, Neighbors.GhostNeighborList neighbors, ForceBuffer output) => Compute(state, output);

    /// <summary>Adds the reciprocal-space energy, forces and virial of <paramref name="state"/> to <paramref name="output"/> (no neighbour list needed).</summary>
    public void Compute(SystemState state, ForceBuffer output)
    {
        if (!state.Box.Equals(_box)) { Setup(state.Box); }
        int n = _q.Length;
        int stride = TabStride;
        if (_tab.Length < n * stride) { _tab = new double[n * stride]; }
        int threads = _options.Threads > 0 ? _options.Threads : Environment.ProcessorCount;
        var box = state.Box;
        var pos = state.Positions;
        int chunks = Math.Min(n, Math.Max(1, threads * 4));
        var po = new ParallelOptions { MaxDegreeOfParallelism = threads };

        // e^{i 2π m s} tables per atom.
        Parallel.For(0, chunks, po, c =>
        {
            int i0 = (int)((long)n * c / chunks), i1 = (int)((long)n * (c + 1) / chunks);
            for (int i = i0; i < i1; i++) { FillTable(i, box.ToFractional(pos[i])); }
        });

        // Structure factors: per-chunk partial sums.
        int kc = _kcount;
        var partial = new double[threads][];
        Array.Clear(_sre);
        Array.Clear(_sim);
        var locker = new object();
        Parallel.For(0, threads, po, t =>
        {
            int i0 = (int)((long)n * t / threads), i1 = (int)((long)n * (t + 1) / threads);
            var sre = new double[kc];
            var sim = new double[kc];
            for (int i = i0; i < i1; i++)
            {
                double qi = _q[i];
                if (qi == 0) { continue; }
                int b = i * stride;
                for (int gidx = 0; gidx + 1 < _groupStart.Length; gidx++)
                {
                    int k0 = _groupStart[gidx], k1 = _groupStart[gidx + 1];
                    Pair12(b, _n1[k0], _n2[k0], out double er, out double ei);
                    er *= qi; ei *= qi;
                    for (int k = k0; k < k1; k++)
                    {
                        int o3 = b + Off3(_n3[k]);
                        double cr = _tab[o3], ci = _tab[o3 + 1];
                        sre[k] += er * cr - ei * ci;
                        sim[k] += er * ci + ei * cr;
                    }
                }
            }

            lock (locker)
            {
                for (int k = 0; k < kc; k++) { _sre[k] += sre[k]; _sim[k] += sim[k]; }
            }
        });

        double qscale = _options.CoulombConstant;
        double g = GEwald;
        double energy = 0;
        var vir = new double[6];
        for (int k = 0; k < kc; k++)
        {
            double uk = _ug[k] * (_sre[k] * _sre[k] + _sim[k] * _sim[k]);
            energy += uk;
            for (int a = 0; a < 6; a++) { vir[a] += uk * _vg[6 * k + a]; }
        }

        energy -= g * _qsqsum / Math.Sqrt(Math.PI) + Math.PI / 2 * _qsum * _qsum / (g * g * _volume);
        output.Energies.Elong += qscale * energy;
        for (int a = 0; a < 6; a++) { output.Virial[a] += qscale * vir[a]; }

        // Forces and per-atom energies.
        bool perAtom = output.PerAtomRequested;
        var forces = output.Forces;
        var eatom = output.PerAtomEnergy;
        Parallel.For(0, chunks, po, c =>
        {
            int i0 = (int)((long)n * c / chunks), i1 = (int)((long)n * (c + 1) / chunks);
            for (int i = i0; i < i1; i++)
            {
                double qi = _q[i];
                if (qi == 0) { continue; }
                int b = i * stride;
                double fx = 0, fy = 0, fz = 0, e = 0;
                for (int gidx = 0; gidx + 1 < _groupStart.Length; gidx++)
                {
                    int k0 = _groupStart[gidx], k1 = _groupStart[gidx + 1];
                    Pair12(b, _n1[k0], _n2[k0], out double er, out double ei);
                    for (int k = k0; k < k1; k++)
                    {
                        int o3 = b + Off3(_n3[k]);
                        double cr = _tab[o3], ci = _tab[o3 + 1];
                        double c0 = er * cr - ei * ci, s0 = er * ci + ei * cr;
                        double partialF = (s0 * _sre[k] - c0 * _sim[k]) * 2.0 * _ug[k];
                        fx += partialF * _kx[k]; fy += partialF * _ky[k]; fz += partialF * _kz[k];
                        e += _ug[k] * (c0 * _sre[k] + s0 * _sim[k]);
                    }
                }

                double s = qscale * qi;
                forces[i] += new Vec3(s * fx, s * fy, s * fz);
                if (perAtom)
                {
                    eatom[i] += qscale * (qi * e - (g * qi * qi / Math.Sqrt(Math.PI) + Math.PI / 2 * qi * _qsum / (g * g * _volume)));
                }
            }
        });
    }

    private int Off3(int n3) => 2 * ((_k1 + 1) + (2 * _k2 + 1) + (n3 + _k3));

    private void Pair12(int b, int n1, int n2, out double re, out double im)
    {
        int o1 = b + 2 * n1;
        int o2 = b + 2 * ((_k1 + 1) + (n2 + _k2));
        double ar = _tab[o1], ai = _tab[o1 + 1], br = _tab[o2], bi = _tab[o2 + 1];
        re = ar * br - ai * bi;
        im = ar * bi + ai * br;
    }

    private void FillTable(int i, Vec3 s)
    {
        int b = i * TabStride;
        Fill(b, _k1, s.X, false);
        Fill(b + 2 * (_k1 + 1), _k2, s.Y, true);
        Fill(b + 2 * ((_k1 + 1) + (2 * _k2 + 1)), _k3, s.Z, true);
    }

    // Entries e^{i 2π m s} for m = 0..kmax (or −kmax..kmax when symmetric), by direct sin/cos of the base angle and recurrence.
    private void Fill(int start, int kmax, double s, bool symmetric)
    {
        double ang = 2 * Math.PI * s;
        (double sn, double cs) = Math.SinCos(ang);
        int zero = symmetric ? start + 2 * kmax : start;
        _tab[zero] = 1; _tab[zero + 1] = 0;
        double cr = 1, ci = 0;
        for (int m = 1; m <= kmax; m++)
        {
            if (m % 8 == 0)
            {
                (double s8, double c8) = Math.SinCos(ang * m);
                cr = c8; ci = s8;
            }
            else
            {
                double nr = cr * cs - ci * sn, ni = cr * sn + ci * cs;
                cr = nr; ci = ni;
            }

            _tab[zero + 2 * m] = cr; _tab[zero + 2 * m + 1] = ci;
            if (symmetric) { _tab[zero - 2 * m] = cr; _tab[zero - 2 * m + 1] = -ci; }
        }
    }
}
