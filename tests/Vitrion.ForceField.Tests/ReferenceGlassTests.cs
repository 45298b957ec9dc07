using Vitrion.Core;
using Vitrion.ForceField;

namespace Vitrion.ForceField.Tests;

/// <summary>The reference glass against REFERENCE.md (LAMMPS 20220106, Ewald 1e-8, pair_modify table 0).</summary>
public sealed class ReferenceGlassTests
{
    // LAMMPS' erfc polynomial: the same function LAMMPS evaluated for REFERENCE.md.
    private static readonly Lazy<(ForceBuffer Buffer, SystemState State, ArigaForceField Field)> Ewald8 =
        new(() => TestSystems.Evaluate(TestSystems.Glass, new ForceFieldOptions { Kspace = KspaceStyle.Ewald, Accuracy = 1e-8, Threads = 2, LammpsErfc = true }, perAtom: true));

    [Fact]
    public void EwaldEnergiesMatchReference()
    {
        var (b, s, _) = Ewald8.Value;
        var e = b.Energies;
        Assert.Equal(-240747.38299, e.Pe, 0.01);
        Assert.Equal(-18883.72962, e.Elj, 18883.72962 * 1e-6);
        Assert.Equal(3610.55956, e.E3body, 3610.55956 * 1e-6);
        Assert.Equal(-15273.17005, e.Evdwl, 15273.17005 * 1e-6);
        Assert.Equal(3219.91810, e.Ebond, 3219.91810 * 1e-6);
        Assert.Equal(3865.80823, e.Eangle, 3865.80823 * 1e-6);
        Assert.Equal(3734.16553, e.Edihed, 3734.16553 * 1e-6);
        Assert.Equal(-236294.10480, e.Ecoul + e.Elong, 0.01);
        Assert.Equal(-298.798, b.Pressure(s.Box, s.KineticEnergy()), 0.5);
    }

    [Fact]
    public void PerAtomEnergiesSumToTotal()
    {
        var (b, _, _) = Ewald8.Value;
        double sum = 0;
        foreach (double x in b.PerAtomEnergy) { sum += x; }
        Assert.Equal(b.Energies.Pe, sum, 1e-6);
    }

    [Fact]
    public void ForcesSumToZero()
    {
        var (b, _, _) = Ewald8.Value;
        Vec3 total = default;
        foreach (var f in b.Forces) { total += f; }
        Assert.True(total.Norm < 1e-6, $"net force {total}");
    }

    [Theory]
    [InlineData(256)]
    [InlineData(512)]
    public void SimdEqualsScalarAndAccurateErfcIsClose(int bits)
    {
        var d = TestSystems.Glass;
        var o = new ForceFieldOptions { Kspace = KspaceStyle.None, GEwald = Ewald8.Value.Field.GEwald, Threads = 2, Terms = ForceFieldTerms.Pair };
        var (bs, _, fs) = TestSystems.Evaluate(d, o with { Simd = false }, perAtom: true);
        var (bv, _, fv) = TestSystems.Evaluate(d, o with { Simd = true, MaxVectorBits = bits }, perAtom: true);
        Assert.False(fs.UsesSimd);
        if (!fv.UsesSimd) { Assert.Skip("no AVX2/FMA on this machine: the vector path is not available"); }
        if (bits == 512 && !fv.UsesAvx512) { Assert.Skip("no AVX-512F on this machine: the 512-bit path is not available"); }
        Assert.Equal(bits == 512, fv.UsesAvx512);
        Assert.Equal(bs.Energies.Elj, bv.Energies.Elj, Math.Abs(bs.Energies.Elj) * 1e-12);
        Assert.Equal(bs.Energies.Ecoul, bv.Energies.Ecoul, Math.Abs(bs.Energies.Ecoul) * 1e-12);
        double maxDiff = 0;
        for (int i = 0; i < bs.Forces.Length; i++) { maxDiff = Math.Max(maxDiff, (bs.Forces[i] - bv.Forces[i]).Norm); }
        Assert.True(maxDiff < 1e-9, $"max force difference {maxDiff}");
        for (int k = 0; k < 6; k++) { Assert.Equal(bs.Virial[k], bv.Virial[k], Math.Abs(bs.Virial[k]) * 1e-11 + 1e-8); }
        double maxE = 0;
        for (int i = 0; i < bs.PerAtomEnergy.Length; i++) { maxE = Math.Max(maxE, Math.Abs(bs.PerAtomEnergy[i] - bv.PerAtomEnergy[i])); }
        Assert.True(maxE < 1e-9, $"max per-atom energy difference {maxE}");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void ThreeBodyVectorPathEqualsScalarReference(int threads)
    {
        // The vector three-body path (four triplets at once, forces accumulated per neighbour, virial Σ r_ij ⊗ F_j)
        // against the scalar LAMMPS-style loop on the 70:30 glass: energy, forces, per-atom energies and virial.
        var d = TestSystems.Glass;
        var o = new ForceFieldOptions { Kspace = KspaceStyle.None, Threads = threads, Terms = ForceFieldTerms.ThreeBody };
        var (bs, _, fs) = TestSystems.Evaluate(d, o with { Simd = false }, perAtom: true);
        var (bv, _, fv) = TestSystems.Evaluate(d, o with { Simd = true, MaxVectorBits = 256 }, perAtom: true); // the 512-bit path: ThreeBody512PathEqualsVectorAndScalar
        if (!System.Runtime.Intrinsics.X86.Fma.IsSupported) { Assert.Skip("no AVX2/FMA on this machine: the vector path is not available"); }
        Assert.True(bs.Energies.E3body > 3000, $"three-body energy {bs.Energies.E3body}"); // +3610.56 kcal/mol in REFERENCE.md
        Assert.Equal(bs.Energies.E3body, bv.Energies.E3body, Math.Abs(bs.Energies.E3body) * 1e-12);
        double maxDiff = 0, maxF = 0;
        for (int i = 0; i < bs.Forces.Length; i++) { maxDiff = Math.Max(maxDiff, (bs.Forces[i] - bv.Forces[i]).Norm); maxF = Math.Max(maxF, bs.Forces[i].Norm); }
        Assert.True(maxF > 1 && maxDiff < 1e-10, $"max force difference {maxDiff} (largest force {maxF})");
        for (int k = 0; k < 6; k++) { Assert.Equal(bs.Virial[k], bv.Virial[k], Math.Abs(bs.Virial[k]) * 1e-11 + 1e-9); }
        double maxE = 0, sumE = 0;
        for (int i = 0; i < bs.PerAtomEnergy.Length; i++) { maxE = Math.Max(maxE, Math.Abs(bs.PerAtomEnergy[i] - bv.PerAtomEnergy[i])); sumE += bv.PerAtomEnergy[i]; }
        Assert.True(maxE < 1e-10, $"max per-atom energy difference {maxE}");
        Assert.Equal(bv.Energies.E3body, sumE, 1e-8);
    }

    [Theory]
    [InlineData(1, true)]
    [InlineData(1, false)]
    [InlineData(2, true)]
    [InlineData(2, false)]
    public void ThreeBody512PathEqualsVectorAndScalar(int threads, bool perAtom)
    {
        // The 512-bit three-body path (cyclic leg shifts, eight triplets per step) against the 256-bit path and the
        // scalar LAMMPS-style loop on the 70:30 glass: energy to 1e-12 relative, forces to 1e-9 kcal/mol/Å, virial to
        // 1e-9 relative, per-atom energies to 1e-9 kcal/mol.
        if (!System.Runtime.Intrinsics.X86.Avx512F.IsSupported || !System.Runtime.Intrinsics.X86.Fma.IsSupported)
        {
            Assert.Skip("no AVX-512F on this machine: the 512-bit path is not available");
        }

        var d = TestSystems.Glass;
        var o = new ForceFieldOptions { Kspace = KspaceStyle.None, Threads = threads, Terms = ForceFieldTerms.ThreeBody };
        var (bs, _, _) = TestSystems.Evaluate(d, o with { Simd = false }, perAtom);
        var (b256, _, f256) = TestSystems.Evaluate(d, o with { Simd = true, MaxVectorBits = 256 }, perAtom);
        var (b512, _, f512) = TestSystems.Evaluate(d, o with { Simd = true, MaxVectorBits = 512 }, perAtom);
        Assert.False(f256.ThreeBodyUsesAvx512);
        Assert.True(f512.ThreeBodyUsesAvx512);
        Assert.True(bs.Energies.E3body > 3000, $"three-body energy {bs.Energies.E3body}");
        foreach (var (name, b) in new[] { ("256", b256), ("512", b512) })
        {
            Assert.True(Math.Abs(bs.Energies.E3body - b.Energies.E3body) <= Math.Abs(bs.Energies.E3body) * 1e-12, $"{name}: energy {b.Energies.E3body} vs {bs.Energies.E3body}");
            double maxDiff = 0;
            for (int i = 0; i < bs.Forces.Length; i++) { maxDiff = Math.Max(maxDiff, (bs.Forces[i] - b.Forces[i]).Norm); }
            Assert.True(maxDiff < 1e-9, $"{name}: max force difference {maxDiff}");
            for (int k = 0; k < 6; k++)
            {
                Assert.True(Math.Abs(bs.Virial[k] - b.Virial[k]) <= Math.Abs(bs.Virial[k]) * 1e-9, $"{name}: virial {k} {b.Virial[k]} vs {bs.Virial[k]}");
            }

            double maxE = 0, sumE = 0;
            for (int i = 0; i < bs.PerAtomEnergy.Length; i++) { maxE = Math.Max(maxE, Math.Abs(bs.PerAtomEnergy[i] - b.PerAtomEnergy[i])); sumE += b.PerAtomEnergy[i]; }
            Assert.True(maxE < 1e-9, $"{name}: max per-atom energy difference {maxE}");
            Assert.Equal(perAtom ? b.Energies.E3body : 0.0, sumE, 1e-8);
        }

        // 512 against 256 directly (both round-off away from the scalar loop).
        double d512 = 0;
        for (int i = 0; i < b256.Forces.Length; i++) { d512 = Math.Max(d512, (b256.Forces[i] - b512.Forces[i]).Norm); }
        Assert.True(d512 < 1e-9, $"max force difference 512 vs 256 {d512}");
        Assert.True(Math.Abs(b256.Energies.E3body - b512.Energies.E3body) <= Math.Abs(b256.Energies.E3body) * 1e-12);
    }

    [Fact]
    public void BondedTermsOnTwoWorkersEqualTheSerialLoop()
    {
        // The class2 terms split in blocks over two workers (own buffers, summed in worker order) against one worker,
        // and both against LAMMPS' ebond/eangle/edihed of the reference glass (REFERENCE.md).
        var d = TestSystems.Glass;
        var o = new ForceFieldOptions { Kspace = KspaceStyle.None, Terms = ForceFieldTerms.Bonds | ForceFieldTerms.Angles | ForceFieldTerms.Dihedrals };
        var (b1, _, _) = TestSystems.Evaluate(d, o with { Threads = 1 }, perAtom: true);
        var (b2, _, _) = TestSystems.Evaluate(d, o with { Threads = 2 }, perAtom: true);
        Assert.Equal(3219.91810, b1.Energies.Ebond, 1e-4);
        Assert.Equal(3865.80823, b1.Energies.Eangle, 1e-4);
        Assert.Equal(3734.16553, b1.Energies.Edihed, 1e-4);
        Assert.Equal(b1.Energies.Ebond, b2.Energies.Ebond, 1e-9);
        Assert.Equal(b1.Energies.Eangle, b2.Energies.Eangle, 1e-9);
        Assert.Equal(b1.Energies.Edihed, b2.Energies.Edihed, 1e-9);
        double maxDiff = 0, maxE = 0;
        for (int i = 0; i < b1.Forces.Length; i++)
        {
            maxDiff = Math.Max(maxDiff, (b1.Forces[i] - b2.Forces[i]).Norm);
            maxE = Math.Max(maxE, Math.Abs(b1.PerAtomEnergy[i] - b2.PerAtomEnergy[i]));
        }

        Assert.True(maxDiff < 1e-10 && maxE < 1e-10, $"max force difference {maxDiff}, per-atom energy {maxE}");
        for (int k = 0; k < 6; k++) { Assert.Equal(b1.Virial[k], b2.Virial[k], Math.Abs(b1.Virial[k]) * 1e-12 + 1e-9); }
    }
}
