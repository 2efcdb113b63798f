using System.Net.Http.Headers;
using DxTrack.Bench.Harness;

namespace DxTrack.Bench.Scenarios;

/// <summary>What every scenario shares: the running system, the options, the log and token pools.</summary>
public sealed class BenchContext(BenchSystem system, BenchOptions options, TextWriter log)
{
    readonly Dictionary<int, AuthenticationHeaderValue> _reporters = [];
    AuthenticationHeaderValue[]? _viewers;

    public BenchSystem System { get; } = system;
    public BenchOptions Options { get; } = options;
    public TextWriter Log { get; } = log;

    /// <summary>Set by the gateway scenario: the gateway's closed-loop rate for the cached GET, a yardstick for intake.</summary>
    public double? GatewayReadThroughput { get; set; }

    /// <summary>Viewer tokens of many subjects, used round-robin so the gateway's per-caller rate limit (a fairness limit) is not what is measured.</summary>
    public AuthenticationHeaderValue Viewer(long sequence)
    {
        _viewers ??= Enumerable.Range(0, 1000)
            .Select(i => BenchSystem.Bearer(System.Token("viewer", subject: $"bench-viewer-{i}"))).ToArray();
        return _viewers[sequence % _viewers.Length];
    }

    /// <summary>A reporter token of the agency (one subject per agency, as agencies' own systems would have).</summary>
    public AuthenticationHeaderValue Reporter(int agency)
    {
        lock (_reporters)
        {
            if (!_reporters.TryGetValue(agency, out var header))
                _reporters[agency] = header = BenchSystem.Bearer(
                    System.Token("reporter", DataSet.AgencyCode(agency), $"bench-reporter-{agency}"));
            return header;
        }
    }

    public HttpRequestMessage Get(string service, string path, long sequence)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, new Uri(System.Endpoint(service), path));
        request.Headers.Authorization = Viewer(sequence);
        return request;
    }
}
