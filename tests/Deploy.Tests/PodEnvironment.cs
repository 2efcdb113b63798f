using System.Text.RegularExpressions;
using k8s.Models;

namespace DxTrack.Deploy.Tests;

/// <summary>What a Deployment's container is given: its env entries and the keys of the ConfigMaps it reads whole.</summary>
public sealed partial class PodEnvironment
{
    public PodEnvironment(V1Deployment deployment, Overlay overlay)
    {
        Container = deployment.Spec.Template.Spec.Containers.Single();
        foreach (var source in Container.EnvFrom ?? [])
        {
            Assert.Null(source.SecretRef); // a whole Secret would hide which settings it gives
            var map = overlay.All<V1ConfigMap>().Single(c => c.Metadata.Name == source.ConfigMapRef.Name);
            foreach (var (key, value) in map.Data) Values[key] = value;
        }
        foreach (var variable in Container.Env ?? [])
        {
            if (variable.ValueFrom?.SecretKeyRef is { } secret) Secrets[variable.Name] = secret;
            else if (variable.ValueFrom is null) Values[variable.Name] = variable.Value ?? "";
            Order.Add(variable.Name);
        }
    }

    public V1Container Container { get; }

    /// <summary>Plain values, from env entries and ConfigMaps.</summary>
    public Dictionary<string, string> Values { get; } = [];

    /// <summary>Variables whose value is a Secret's key.</summary>
    public Dictionary<string, V1SecretKeySelector> Secrets { get; } = [];

    List<string> Order { get; } = [];

    public bool Provides(string name) => Values.ContainsKey(name) || Secrets.ContainsKey(name) || Order.Contains(name);

    /// <summary>The variables a value refers to as <c>$(NAME)</c>, which Kubernetes expands from earlier entries.</summary>
    public static IEnumerable<string> References(string value) => Reference().Matches(value).Select(m => m.Groups[1].Value);

    /// <summary>Whether every <c>$(NAME)</c> in a variable's value is an earlier entry.</summary>
    public bool ReferencesResolve(string name) =>
        References(Values[name]).All(r => Order.IndexOf(r) is >= 0 and var i && i < Order.IndexOf(name));

    [GeneratedRegex(@"\$\(([A-Za-z_][A-Za-z0-9_]*)\)")]
    private static partial Regex Reference();
}
