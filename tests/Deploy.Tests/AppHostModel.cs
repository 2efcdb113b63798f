using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;

namespace DxTrack.Deploy.Tests;

/// <summary>
/// The AppHost's model in <c>existing</c> mode (production's: servers run by someone else) with an identity
/// provider, built but never started: which services there are and what each is given.
/// </summary>
public static class AppHostModel
{
    static readonly Lazy<Task<IReadOnlyDictionary<string, Service>>> services = new(LoadAsync);

    public sealed record Service(string Name, IReadOnlyDictionary<string, object> Environment,
        IReadOnlySet<string> ConnectionStrings, IReadOnlySet<string> Projects);

    public static Task<IReadOnlyDictionary<string, Service>> ServicesAsync() => services.Value;

    static async Task<IReadOnlyDictionary<string, Service>> LoadAsync()
    {
        await using var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.DxTrack_AppHost>(
            ["DxTrack:Mode=existing", "Parameters:auth-authority=https://login.dxtrack.example/realms/dxtrack"]);
        var result = new Dictionary<string, Service>();
        foreach (var project in builder.Resources.OfType<ProjectResource>())
        {
            var references = project.Annotations.OfType<ResourceRelationshipAnnotation>()
                .Where(a => a.Type == "Reference").Select(a => a.Resource).ToList();
            result[project.Name] = new Service(project.Name, await EnvironmentOf(project),
                references.OfType<IResourceWithConnectionString>().Select(r => r.Name).ToHashSet(),
                references.OfType<ProjectResource>().Select(r => r.Name).ToHashSet());
        }
        return result;
    }

    // Unresolved values (parameters, references, expressions); callbacks that need a running application are skipped.
    static async Task<IReadOnlyDictionary<string, object>> EnvironmentOf(IResource resource)
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
}
