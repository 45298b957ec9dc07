using Xunit;

// CliRunner redirects the process-global Console; run this assembly's tests one at a time.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
