import { instanceCapabilities, type InstanceCapabilities } from '../../../src/core/capabilities';
import type { ProjectSummary } from '../../../src/core/gitlab/types';

/** Capabilities of an instance answering `/version` with `version` (and `enterprise` when given, as 15.6+ does). */
export function capabilitiesOf(version: string, enterprise?: boolean): InstanceCapabilities {
  const capabilities = instanceCapabilities({
    version,
    revision: 'ceb07b24cb0',
    ...(enterprise !== undefined && { enterprise }),
  });
  if (!capabilities) throw new Error(`test setup: unparseable version ${version}`);
  return capabilities;
}

export class ProjectBuilder {
  private premium: boolean | undefined;

  constructor(private readonly path: string) {}

  /** Licensed: `GET /projects/:id` carries `allow_pipeline_trigger_approve_deployment`. */
  onPremium(allowSelfApproval = false): this {
    this.premium = allowSelfApproval;
    return this;
  }

  build(): ProjectSummary {
    const name = this.path.split('/').pop() ?? this.path;
    return {
      id: 1,
      name,
      name_with_namespace: this.path.split('/').join(' / '),
      path: name,
      path_with_namespace: this.path,
      web_url: `https://gitlab.example.com/${this.path}`,
      ...(this.premium !== undefined && { allow_pipeline_trigger_approve_deployment: this.premium }),
    };
  }
}

export function aProject(path: string): ProjectBuilder {
  return new ProjectBuilder(path);
}
