using System.Runtime.Intrinsics;

namespace Vitrion.ForceField.Pair;

/// <summary>
/// The functional form of a pair potential, separate from the loop that runs it (HOOMD evaluators, LAMMPS
/// <c>single</c>): a small struct evaluated by the one generic pair loop <see cref="PairLoop"/>, which the JIT
/// specialises for each struct.
/// </summary>
public interface IPairFunction
{
    /// <summary>Largest interaction cutoff squared [Å²] (pairs at or beyond it are skipped by the loop).</summary>
    double CutoffSquared { get; }

    /// <summary>
    /// Evaluates one pair at squared distance <paramref name="rsq"/> [Å²] between extended atoms <paramref name="a"/> and
    /// <paramref name="b"/> of types <paramref name="ti"/>, <paramref name="tj"/>, with special-bond factors.
    /// </summary>
    /// <param name="rsq">squared distance [Å²].</param>
    /// <param name="ti">type of atom a.</param>
    /// <param name="tj">type of atom b.</param>
    /// <param name="a">extended index of atom a.</param>
    /// <param name="b">extended index of atom b.</param>
    /// <param name="factorLj">special-bond LJ factor (1 for ordinary pairs).</param>
    /// <param name="factorCoul">special-bond Coulomb factor (1 for ordinary pairs).</param>
    /// <param name="fpair">force divided by distance [kcal/mol/Å²]: F_a = −fpair·(r_b − r_a).</param>
    /// <param name="evdwl">van der Waals energy [kcal/mol].</param>
    /// <param name="ecoul">Coulomb energy [kcal/mol].</param>
    void Evaluate(double rsq, int ti, int tj, int a, int b, double factorLj, double factorCoul,
        out double fpair, out double evdwl, out double ecoul);
}

/// <summary>A pair function that also evaluates four pairs at once with 256-bit vectors (no special-bond factors).</summary>
public interface IPairFunctionVector : IPairFunction
{
    /// <summary>True when the vector path applies to this system (e.g. at most 8 types and charges set by type).</summary>
    bool VectorSupported { get; }

    /// <summary>Four pairs: squared distances [Å²] and type indices (as doubles); lanes with rsq ≥ cutoff² must give zeros.</summary>
    void Evaluate(Vector256<double> rsq, Vector256<long> ti, Vector256<long> tj,
        out Vector256<double> fpair, out Vector256<double> evdwl, out Vector256<double> ecoul);
}
