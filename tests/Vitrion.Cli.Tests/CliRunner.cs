using System.Text;

namespace Vitrion.Cli.Tests;

/// <summary>
/// Runs the <c>vitrion</c> command line in-process and captures what it prints. Console redirection is
/// process-global, so calls are serialised by a static lock (and this assembly runs its tests one at a time).
/// </summary>
public static class CliRunner
{
    private static readonly object Gate = new();

    /// <summary>Runs <c>vitrion ARGS</c>; returns the exit code, stdout and stderr.</summary>
    public static (int Code, string Out, string Err) Run(params string[] args)
    {
        lock (Gate)
        {
            var oldOut = Console.Out;
            var oldErr = Console.Error;
            var sbOut = new StringBuilder();
            var sbErr = new StringBuilder();
            using var wOut = new StringWriter(sbOut, System.Globalization.CultureInfo.InvariantCulture);
            using var wErr = new StringWriter(sbErr, System.Globalization.CultureInfo.InvariantCulture);
            int code;
            try
            {
                Console.SetOut(wOut);
                Console.SetError(wErr);
                code = CliApp.Run(args);
            }
            finally
            {
                wOut.Flush();
                wErr.Flush();
                Console.SetOut(oldOut);
                Console.SetError(oldErr);
            }

            return (code, sbOut.ToString(), sbErr.ToString());
        }
    }
}
