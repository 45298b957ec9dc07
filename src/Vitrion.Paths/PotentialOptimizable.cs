using Vitrion.Core;
using Vitrion.ForceField;

namespace Vitrion.Paths;

/// <summary>
/// Adapts a <see cref="SystemState"/> and an <see cref="IPotential"/> to <see cref="IOptimizable"/>: x holds the
/// positions [Å] (x0,y0,z0,x1,…), the energy is the potential energy [kcal/mol] and the gradient −forces
/// [kcal/mol/Å]. Every evaluation writes x into <see cref="SystemState.Positions"/> (and calls
/// <see cref="SystemState.Touch"/>), so after a minimisation the state holds the last evaluated point.
/// Positions are not wrapped during the minimisation (continuous coordinates); call
/// <see cref="SystemState.WrapAll"/> afterwards (as <see cref="StateMinimizer"/> does).
/// </summary>
public sealed class PotentialOptimizable : IOptimizable
{
    private readonly ForceBuffer _buffer;

    /// <summary>Creates the adapter.</summary>
    /// <param name="state">the state to move (mutated).</param>
    /// <param name="potential">the force field.</param>
    /// <param name="mobile">which atoms may move (null: all). The gradient of the others is zero, so no minimiser
    /// moves them (as LAMMPS <c>fix setforce 0 0 0</c> on the frozen group).</param>
    public PotentialOptimizable(SystemState state, IPotential potential, IReadOnlyList<bool>? mobile = null)
    {
        State = state ?? throw new ArgumentNullException(nameof(state));
        Potential = potential ?? throw new ArgumentNullException(nameof(potential));
        if (mobile is not null && mobile.Count != state.AtomCount)
        {
            throw new ArgumentException($"mobile mask has {mobile.Count} entries for {state.AtomCount} atoms.", nameof(mobile));
        }

        Mobile = mobile;
        _buffer = new ForceBuffer(state.AtomCount);
    }

    /// <summary>Which atoms may move (null: all).</summary>
    public IReadOnlyList<bool>? Mobile { get; }

    /// <summary>The state being moved.</summary>
    public SystemState State { get; }

    /// <summary>The potential.</summary>
    public IPotential Potential { get; }

    /// <summary>The buffer of the last evaluation (forces, energy terms, virial).</summary>
    public ForceBuffer LastEvaluation => _buffer;

    /// <inheritdoc/>
    public int Dimension => 3 * State.AtomCount;

    /// <summary>Copies the state's positions into <paramref name="x"/>.</summary>
    public void GetPositions(Span<double> x)
    {
        var p = State.Positions;
        for (int i = 0; i < p.Length; i++)
        {
            x[3 * i] = p[i].X;
            x[3 * i + 1] = p[i].Y;
            x[3 * i + 2] = p[i].Z;
        }
    }

    /// <summary>Writes <paramref name="x"/> into the state's positions and marks the state changed.</summary>
    public void SetPositions(ReadOnlySpan<double> x)
    {
        var p = State.Positions;
        for (int i = 0; i < p.Length; i++)
        {
            p[i] = new Vec3(x[3 * i], x[3 * i + 1], x[3 * i + 2]);
        }

        State.Touch();
    }

    /// <inheritdoc/>
    public double Evaluate(ReadOnlySpan<double> x, Span<double> gradient)
    {
        SetPositions(x);
        Potential.Compute(State, _buffer);
        var f = _buffer.Forces;
        for (int i = 0; i < f.Length; i++)
        {
            gradient[3 * i] = -f[i].X;
            gradient[3 * i + 1] = -f[i].Y;
            gradient[3 * i + 2] = -f[i].Z;
        }

        MinimizerMath.ZeroFrozen(gradient, Mobile);

        return _buffer.PotentialEnergy;
    }
}

/// <summary>Convenience: minimise a <see cref="SystemState"/> in place with a potential.</summary>
public static class StateMinimizer
{
    /// <summary>
    /// Relaxes <paramref name="state"/> in place (positions only; the box is fixed) and wraps the positions back
    /// into the box (updating image flags) afterwards.
    /// </summary>
    /// <param name="state">the state (mutated).</param>
    /// <param name="potential">the force field.</param>
    /// <param name="options">tolerances and limits.</param>
    /// <param name="minimizer">the minimiser (default FIRE).</param>
    /// <param name="mobile">which atoms may move (null: all).</param>
    /// <returns>the outcome.</returns>
    public static MinimizationResult Minimize(SystemState state, IPotential potential, MinimizerOptions options, IMinimizer? minimizer = null, IReadOnlyList<bool>? mobile = null)
    {
        var target = new PotentialOptimizable(state, potential, mobile);
        var x = new double[target.Dimension];
        target.GetPositions(x);
        var result = (minimizer ?? new Fire()).Minimize(target, x, options);
        target.SetPositions(x);
        state.WrapAll();
        return result;
    }
}
