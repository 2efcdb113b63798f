using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;

namespace DxTrack.AppHost.Tests;

/// <summary>The AppHost's model in one mode, built but never started.</summary>
public sealed class AppModel : IAsyncDisposable
{
    readonly IDistributedApplicationTestingBuilder builder;

    AppModel(IDistributedApplicationTestingBuilder builder) => this.builder = builder;

    public static async Task<AppModel> BuildAsync(string mode, params string[] more) =>
        new(await DistributedApplicationTestingBuilder.CreateAsync<Projects.DxTrack_AppHost>(
            [$"DxTrack:Mode={mode}", .. more], TestContext.Current.CancellationToken));

    public IResourceCollection Resources => builder.Resources;

    public T Get<T>(string name) where T : IResource =>
        Assert.IsType<T>(Resources.SingleOrDefault(r => r.Name == name), exactMatch: false);

    /// <summary>Names of the connection-string resources a resource was given with WithReference.</summary>
    public static IReadOnlySet<string> ConnectionStringsOf(IResource resource) => References(resource)
        .OfType<IResourceWithConnectionString>().Select(r => r.Name).ToHashSet();

    public static IReadOnlySet<string> ProjectsReferencedBy(IResource resource) => References(resource)
        .OfType<ProjectResource>().Select(r => r.Name).ToHashSet();

    public static IReadOnlySet<string> WaitsFor(IResource resource) =>
        resource.Annotations.OfType<WaitAnnotation>().Select(w => w.Resource.Name).ToHashSet();

    public static bool HasHealthCheck(IResource resource) => resource.Annotations.OfType<HealthCheckAnnotation>().Any();

    /// <summary>
    /// The environment a resource gets, unresolved (values are parameters, references, expressions).
    /// Callbacks that need a running application are skipped: only what the model says is checked.
    /// </summary>
    public static async Task<IReadOnlyDictionary<string, object>> EnvironmentOf(IResource resource)
    {
        var variables = new Dictionary<string, object>();
        var context = new EnvironmentCallbackContext(
            new DistributedApplicationExecutionContext(DistributedApplicationOperation.Run), resource, variables);
        foreach (var callback in resource.Annotations.OfType<EnvironmentCallbackAnnotation>())
        {
            try { await callback.Callback(context); }
            catch (Exception e) when (e is InvalidOperationException or NullReferenceException) { }
        }
        return variables;
    }

    static IEnumerable<IResource> References(IResource resource) => resource.Annotations
        .OfType<ResourceRelationshipAnnotation>().Where(a => a.Type == "Reference").Select(a => a.Resource);

    public ValueTask DisposeAsync() => builder.DisposeAsync();
}
