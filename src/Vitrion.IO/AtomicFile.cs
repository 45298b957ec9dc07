using System.Text;

namespace Vitrion.IO;

/// <summary>
/// Writes files so that existing output is never destroyed by a failure: content goes to a temporary file in
/// the same folder, which is renamed over the target only when complete.
/// </summary>
public static class AtomicFile
{
    /// <summary>Writes text atomically (UTF-8, no BOM).</summary>
    public static void WriteAllText(string path, string content) =>
        Write(path, s =>
        {
            var bytes = new UTF8Encoding(false).GetBytes(content);
            s.Write(bytes, 0, bytes.Length);
        });

    /// <summary>Writes bytes atomically.</summary>
    public static void WriteAllBytes(string path, byte[] content) => Write(path, s => s.Write(content, 0, content.Length));

    /// <summary>Writes through a <see cref="TextWriter"/> atomically (invariant culture is the caller's duty).</summary>
    public static void WriteText(string path, Action<TextWriter> write) =>
        Write(path, s =>
        {
            using var w = new StreamWriter(s, new UTF8Encoding(false), 1 << 16, leaveOpen: true);
            w.NewLine = "\n";
            write(w);
        });

    /// <summary>Writes through a stream atomically; the target is replaced only if <paramref name="write"/> completes.</summary>
    public static void Write(string path, Action<Stream> write)
    {
        string full = Path.GetFullPath(path);
        string dir = Path.GetDirectoryName(full) ?? ".";
        Directory.CreateDirectory(dir);
        string tmp = Path.Combine(dir, "." + Path.GetFileName(full) + "." + Environment.ProcessId + "." + Guid.NewGuid().ToString("N")[..6] + ".tmp");
        try
        {
            using (var fs = new FileStream(tmp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                write(fs);
                fs.Flush(true);
            }

            File.Move(tmp, full, overwrite: true);
        }
        catch
        {
            try { File.Delete(tmp); } catch (IOException) { }
            throw;
        }
    }
}
