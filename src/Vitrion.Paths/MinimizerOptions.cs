namespace Vitrion.Paths;

/// <summary>Progress of a minimisation, handed to <see cref="MinimizerOptions.Observer"/> after every step.</summary>
/// <param name="Step">step number (0 = the initial evaluation).</param>
/// <param name="Energy">energy [kcal/mol].</param>
/// <param name="MaxForce">largest block (atomic) force norm [kcal/mol/Å].</param>
public readonly record struct MinimizationProgress(int Step, double Energy, double MaxForce);

/// <summary>
/// Settings shared by all minimisers. Convergence when the largest atomic force norm (the block norm of the
/// gradient, see <see cref="IOptimizable.BlockSize"/>) is at most <see cref="ForceTolerance"/>, or — only for
/// optimisables with consistent energies and when <see cref="EnergyTolerance"/> &gt; 0 — when the relative
/// energy change of one step is below <see cref="EnergyTolerance"/> (LAMMPS etol semantics).
/// </summary>
public sealed record MinimizerOptions
{
    /// <summary>Force tolerance: largest atomic force norm [kcal/mol/Å]; default 0.1.</summary>
    public double ForceTolerance { get; init; } = 0.1;

    /// <summary>Relative energy tolerance |ΔE| ≤ etol·(|E_old|+|E_new|)/2 (0 = off, the default).</summary>
    public double EnergyTolerance { get; init; }

    /// <summary>Maximum number of steps (force evaluations after the first); default 1000.</summary>
    public int MaxSteps { get; init; } = 1000;

    /// <summary>Largest displacement of any atom in one step [Å]; default 0.2 (ASE maxstep).</summary>
    public double MaxStep { get; init; } = 0.2;

    /// <summary>FIRE parameters (used by <see cref="Fire"/>).</summary>
    public FireParameters Fire { get; init; } = new();

    /// <summary>L-BFGS memory (number of stored correction pairs); default 20.</summary>
    public int LbfgsMemory { get; init; } = 20;

    /// <summary>
    /// Initial inverse-Hessian guess of L-BFGS as a curvature α [kcal/mol/Å²] (H0 = 1/α until the first
    /// correction pair rescales it); default 70 eV/Å² ≈ 1614 kcal/mol/Å² (ASE's default α = 70).
    /// </summary>
    public double LbfgsInitialCurvature { get; init; } = 1614.0;

    /// <summary>Called after each step (may be null). Must be cheap and thread-safe if shared.</summary>
    public Action<MinimizationProgress>? Observer { get; init; }
}

/// <summary>
/// FIRE parameters (Bitzek, Koskinen, Gähler, Moseler, Gumbsch, PRL 97, 170201 (2006)), defaults as ASE's
/// <c>FIRE</c> optimiser. Time is in the optimiser's own unit (unit masses; a "velocity" is in Å per time
/// unit and a step moves dt·v): with forces in kcal/mol/Å, dt = 0.1 and a force of 1 kcal/mol/Å accelerate
/// by 0.1 Å per unit time per step.
/// </summary>
public sealed record FireParameters
{
    /// <summary>Initial time step (default 0.1).</summary>
    public double Dt { get; init; } = 0.1;

    /// <summary>Largest time step (default 1.0).</summary>
    public double DtMax { get; init; } = 1.0;

    /// <summary>N_min: steps with P = F·v &gt; 0 before dt may grow and α shrink (default 5).</summary>
    public int NMin { get; init; } = 5;

    /// <summary>f_inc: factor by which dt grows (default 1.1).</summary>
    public double FInc { get; init; } = 1.1;

    /// <summary>f_dec: factor by which dt shrinks after an uphill step (default 0.5).</summary>
    public double FDec { get; init; } = 0.5;

    /// <summary>α_start: initial velocity-mixing parameter (default 0.1).</summary>
    public double AlphaStart { get; init; } = 0.1;

    /// <summary>f_α: factor by which α shrinks (default 0.99).</summary>
    public double FAlpha { get; init; } = 0.99;
}

/// <summary>Outcome of a minimisation.</summary>
/// <param name="Converged">whether the force (or energy) tolerance was met.</param>
/// <param name="Steps">steps taken.</param>
/// <param name="Energy">final energy [kcal/mol].</param>
/// <param name="MaxForce">final largest atomic force norm [kcal/mol/Å].</param>
/// <param name="Message">a one-line human-readable report (why it stopped).</param>
public sealed record MinimizationResult(bool Converged, int Steps, double Energy, double MaxForce, string Message);

/// <summary>A minimiser over an <see cref="IOptimizable"/>.</summary>
public interface IMinimizer
{
    /// <summary>Short name ("fire", "lbfgs").</summary>
    string Name { get; }

    /// <summary>Minimises starting from <paramref name="x"/>; <paramref name="x"/> holds the final point on return.</summary>
    /// <param name="target">the function to minimise.</param>
    /// <param name="x">start point, overwritten with the end point.</param>
    /// <param name="options">tolerances and limits.</param>
    /// <returns>the outcome.</returns>
    MinimizationResult Minimize(IOptimizable target, Span<double> x, MinimizerOptions options);
}
