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

/// <summary>
/// Per-type coefficient rows of a pair function for one i-type, held in registers: eight entries (j-types 0..7) per
/// coefficient as two 256-bit halves, looked up with an in-register permute instead of a memory gather.
/// </summary>
public struct PairRow
{
    /// <summary>Coefficient A, j-types 0–3 and 4–7.</summary>
    public Vector256<double> A0, A1;

    /// <summary>Coefficient B, j-types 0–3 and 4–7.</summary>
    public Vector256<double> B0, B1;

    /// <summary>Coefficient C, j-types 0–3 and 4–7.</summary>
    public Vector256<double> C0, C1;

    /// <summary>Coefficient D, j-types 0–3 and 4–7.</summary>
    public Vector256<double> D0, D1;

    /// <summary>Charge product (with the Coulomb constant), j-types 0–3 and 4–7.</summary>
    public Vector256<double> Q0, Q1;
}

/// <summary>A vector pair function whose coefficients for one i-type fit a <see cref="PairRow"/> (at most 8 types).</summary>
public interface IPairFunctionRow : IPairFunctionVector
{
    /// <summary>True when <see cref="EvaluateRow"/> applies (at most 8 types and an in-register permute available).</summary>
    bool RowSupported { get; }

    /// <summary>Loads the coefficient row of i-type <paramref name="ti"/>.</summary>
    void LoadRow(int ti, out PairRow row);

    /// <summary>Four pairs of the row's i-type with j-types <paramref name="tj"/>; lanes with rsq ≥ cutoff² give zeros.</summary>
    /// <param name="rsq">squared distances [Å²].</param>
    /// <param name="tj">j-types (0..7).</param>
    /// <param name="row">the i-type's coefficients.</param>
    /// <param name="fpair">force divided by distance [kcal/mol/Å²].</param>
    /// <param name="evdwl">van der Waals energy [kcal/mol].</param>
    /// <param name="ecoul">Coulomb energy [kcal/mol].</param>
    void EvaluateRow(Vector256<double> rsq, Vector256<long> tj, in PairRow row,
        out Vector256<double> fpair, out Vector256<double> evdwl, out Vector256<double> ecoul);
}

/// <summary>Per-type coefficient rows for one i-type as 512-bit registers: eight j-types per coefficient in one register.</summary>
public struct PairRow512
{
    /// <summary>Coefficient A for j-types 0–7.</summary>
    public Vector512<double> A;

    /// <summary>Coefficient B for j-types 0–7.</summary>
    public Vector512<double> B;

    /// <summary>Coefficient C for j-types 0–7.</summary>
    public Vector512<double> C;

    /// <summary>Coefficient D for j-types 0–7.</summary>
    public Vector512<double> D;

    /// <summary>Charge product (with the Coulomb constant) for j-types 0–7.</summary>
    public Vector512<double> Q;
}

/// <summary>A row pair function that also evaluates eight pairs at once with 512-bit vectors (AVX-512).</summary>
public interface IPairFunctionRow512 : IPairFunctionRow
{
    /// <summary>True when <see cref="EvaluateRow512"/> applies (AVX-512F, at most 8 types, charges by type).</summary>
    bool Row512Supported { get; }

    /// <summary>Loads the coefficient row of i-type <paramref name="ti"/> into 512-bit registers.</summary>
    void LoadRow512(int ti, out PairRow512 row);

    /// <summary>Eight pairs of the row's i-type with j-types <paramref name="tj"/>; lanes with rsq ≥ cutoff² give zeros.</summary>
    /// <param name="rsq">squared distances [Å²].</param>
    /// <param name="tj">j-types (0..7).</param>
    /// <param name="row">the i-type's coefficients.</param>
    /// <param name="fpair">force divided by distance [kcal/mol/Å²].</param>
    /// <param name="evdwl">van der Waals energy [kcal/mol].</param>
    /// <param name="ecoul">Coulomb energy [kcal/mol].</param>
    void EvaluateRow512(Vector512<double> rsq, Vector512<long> tj, in PairRow512 row,
        out Vector512<double> fpair, out Vector512<double> evdwl, out Vector512<double> ecoul);

    /// <summary>
    /// Eight special (1-2, 1-3, 1-4) pairs of any types with their LJ and Coulomb factors (as the scalar
    /// <see cref="IPairFunction.Evaluate"/>); lanes with rsq ≥ cutoff² give zeros.
    /// </summary>
    /// <param name="rsq">squared distances [Å²].</param>
    /// <param name="ti">i-types.</param>
    /// <param name="tj">j-types.</param>
    /// <param name="factorLj">LJ factors.</param>
    /// <param name="factorCoul">Coulomb factors.</param>
    /// <param name="fpair">force divided by distance [kcal/mol/Å²].</param>
    /// <param name="evdwl">van der Waals energy [kcal/mol].</param>
    /// <param name="ecoul">Coulomb energy [kcal/mol].</param>
    void EvaluateSpecial512(Vector512<double> rsq, Vector512<long> ti, Vector512<long> tj, Vector512<double> factorLj, Vector512<double> factorCoul,
        out Vector512<double> fpair, out Vector512<double> evdwl, out Vector512<double> ecoul);
}
