// Conformance: every response body of the approval-related routes validated against GitLab's own schemas, in every
// profile; and proof that the validator rejects broken shapes. EE schemas are not in the repository (see
// test/fixtures/gitlab-schemas/README.md): without them the EE cases are skipped, or fail under GDA_REQUIRE_EE_SCHEMAS=1.
import assert from 'node:assert/strict';
import { PROFILE_NAMES, startSimulator, Simulator } from '../../simulator';
import { api, DEMO } from './helpers';
import { EE_SCHEMAS_MISSING, requireEeSchemas, SCHEMA, SchemaValidator } from './schemas';

const APPROVAL_KEYS = ['pending_approval_count', 'approvals', 'approval_summary'];

describe('simulator conformance with GitLab schemas', function () {
  let validator: SchemaValidator;
  before(() => {
    validator = new SchemaValidator();
    if (!validator.hasEe) console.log(`    (${EE_SCHEMAS_MISSING}: the EE cases below are skipped)`);
  });

  it('loads GitLab’s vendored CE schema files', () => {
    assert.ok(validator.loaded.filter((f) => f.startsWith('spec/')).length >= 18, `loaded ${validator.loaded}`);
    assert.ok(validator.loaded.includes(SCHEMA.deployment));
  });

  it('loads GitLab’s EE schema files from outside the repository', function () {
    requireEeSchemas(validator, this);
    assert.ok(validator.loaded.includes(SCHEMA.deploymentExtended));
    assert.ok(validator.loaded.includes(SCHEMA.protectedEnvironment));
  });

  for (const profile of PROFILE_NAMES) {
    describe(`profile ${profile}`, () => {
      let sim: Simulator;
      before(async () => {
        sim = await startSimulator({ profile });
      });
      after(async () => sim.close());

      it('deployments list items match deployment.json and never carry approval fields', async () => {
        for (const project of [1, 2, 3, 4, 5, 6, 7]) {
          const reply = await api(sim, `/projects/${project}/deployments?per_page=100`);
          assert.equal(reply.status, 200);
          for (const item of reply.body) {
            validator.assert(SCHEMA.deployment, item, `deployment ${item.id}`);
            validator.assert(SCHEMA.basicEnvironment, item.environment, `deployment ${item.id} environment`);
            validator.assert(SCHEMA.job, item.deployable, `deployment ${item.id} deployable`);
            for (const key of APPROVAL_KEYS) assert.ok(!(key in item), `list item ${item.id} has ${key}`);
          }
        }
      });

      it('single deployments match deployment_extended.json on EE, deployment.json on CE', async function () {
        if (profile !== 'ce') requireEeSchemas(validator, this);
        for (const id of Object.values(DEMO)) {
          const deployment = sim.state.deployments.get(id)!;
          const reply = await api(sim, `/projects/${deployment.projectId}/deployments/${id}`);
          assert.equal(reply.status, 200);
          if (profile === 'ce') {
            validator.assert(SCHEMA.deployment, reply.body, `deployment ${id}`);
            for (const key of APPROVAL_KEYS) assert.ok(!(key in reply.body), `CE deployment has ${key}`);
            continue;
          }
          validator.assert(SCHEMA.deploymentExtended, reply.body, `deployment ${id}`);
          if (sim.profile.hasApprovalRules)
            validator.assert(SCHEMA.approvalSummary, reply.body.approval_summary, `deployment ${id} approval_summary`);
          else assert.ok(!('approval_summary' in reply.body), '14.7 has no approval_summary');
          for (const approval of reply.body.approvals) validator.assert(SCHEMA.deploymentApproval, approval);
        }
      });

      it('environments list and single match environments.json / environment.json', async () => {
        for (const project of [1, 4, 7]) {
          const list = await api(sim, `/projects/${project}/environments`);
          assert.equal(list.status, 200);
          validator.assert(SCHEMA.environments, list.body);
          for (const environment of list.body) {
            const single = await api(sim, `/projects/${project}/environments/${environment.id}`);
            validator.assert(SCHEMA.environment, single.body, `environment ${environment.id}`);
            assert.ok('last_deployment' in single.body && !('last_deployment' in environment));
          }
        }
      });

      it('projects match project.json (simple, and the BasicProjectDetails part of the full entity)', async () => {
        const simple = await api(sim, '/projects?simple=true&per_page=100');
        for (const project of simple.body) validator.assert(SCHEMA.project, project);
        const full = await api(sim, '/projects?per_page=100');
        const projectKeys = Object.keys(simple.body[0]);
        for (const project of full.body) {
          const basicPart = Object.fromEntries(projectKeys.map((k) => [k, project[k]]));
          validator.assert(SCHEMA.project, basicPart);
          validator.assert(SCHEMA.project, { ...basicPart, visibility: project.visibility });
        }
      });

      it('jobs match job.json, including a rejected (failed) one and a played one', async () => {
        const rejectedJob = sim.state.jobOf(sim.state.deployments.get(DEMO.rejected)!)!;
        const rejected = await api(sim, `/projects/${rejectedJob.projectId}/jobs/${rejectedJob.id}`);
        validator.assert(SCHEMA.job, rejected.body);
        assert.equal(rejected.body.failure_reason, 'deployment_rejected');
        const plain = sim.state.jobOf(sim.state.deployments.get(DEMO.plainManual)!)!;
        const played = await api(sim, `/projects/${plain.projectId}/jobs/${plain.id}/play`, {
          method: 'POST',
          token: sim.tokenFor('bob'),
        });
        assert.equal(played.status, 200);
        validator.assert(SCHEMA.job, played.body);
      });

      if (profile !== 'ce') {
        it('protected environments (project and group) match protected_environment.json for GET/POST/PUT', async function () {
          requireEeSchemas(validator, this);
          const maintainer = sim.tokenFor('demo');
          const list = await api(sim, '/projects/1/protected_environments', { token: maintainer });
          assert.equal(list.status, 200);
          for (const pe of list.body) validator.assert(SCHEMA.protectedEnvironment, pe);
          const single = await api(sim, '/projects/1/protected_environments/production', { token: maintainer });
          validator.assert(SCHEMA.protectedEnvironment, single.body);
          const created = await api(sim, '/projects/1/protected_environments', {
            method: 'POST',
            token: maintainer,
            json: {
              name: 'review/feature-x',
              deploy_access_levels: [{ access_level: 40 }],
              ...(sim.profile.hasApprovalRules
                ? { approval_rules: [{ access_level: 30, required_approvals: 2 }] }
                : { required_approval_count: 1 }),
            },
          });
          assert.equal(created.status, 201, created.text);
          validator.assert(SCHEMA.protectedEnvironment, created.body);
          if (sim.profile.hasProtectedEnvironmentPut) {
            const updated = await api(sim, '/projects/1/protected_environments/review%2Ffeature-x', {
              method: 'PUT',
              token: maintainer,
              json: { deploy_access_levels: [{ access_level: 30 }] },
            });
            assert.equal(updated.status, 200, updated.text);
            validator.assert(SCHEMA.protectedEnvironment, updated.body);
          }
          const group = await api(sim, '/groups/acme%2Fplatform/protected_environments', {
            token: sim.tokenFor('alice'),
          });
          assert.equal(group.status, 200);
          for (const pe of group.body) validator.assert(SCHEMA.protectedEnvironment, pe);
        });
      }

      if (profile === 'latest' || profile === '16.x' || profile === '15.4') {
        it('the approval POST body matches deployment_approval.json', async function () {
          requireEeSchemas(validator, this);
          const reply = await api(sim, `/projects/1/deployments/${DEMO.waitingRole}/approval`, {
            method: 'POST',
            json: { status: 'approved', comment: 'ship it' },
          });
          assert.equal(reply.status, 201, reply.text);
          validator.assert(SCHEMA.deploymentApproval, reply.body);
          validator.assert(SCHEMA.userBasic, reply.body.user);
        });
      }
    });
  }

  describe('the validator rejects broken shapes', () => {
    let sim: Simulator;
    before(async () => {
      sim = await startSimulator();
    });
    after(async () => sim.close());

    it('a deployment with a string id, a missing status or a bad deployable fails', async function () {
      requireEeSchemas(validator, this);
      const { body } = await api(sim, `/projects/1/deployments/${DEMO.waitingSeveralPes}`);
      validator.assert(SCHEMA.deploymentExtended, body);
      assert.notDeepEqual(validator.errors(SCHEMA.deploymentExtended, { ...body, id: String(body.id) }), []);
      const { status: _status, ...withoutStatus } = body;
      assert.notDeepEqual(validator.errors(SCHEMA.deploymentExtended, withoutStatus), []);
      assert.notDeepEqual(
        validator.errors(SCHEMA.deploymentExtended, { ...body, deployable: { ...body.deployable, surprise: 1 } }),
        [],
      );
      assert.notDeepEqual(validator.errors(SCHEMA.deploymentExtended, { ...body, pending_approval_count: '1' }), []);
    });

    it('an approval with an unknown status, an extra key or a user without username fails', async function () {
      requireEeSchemas(validator, this);
      const { body } = await api(sim, `/projects/1/deployments/${DEMO.waitingRole}/approval`, {
        method: 'POST',
        json: { status: 'approved' },
      });
      validator.assert(SCHEMA.deploymentApproval, body);
      assert.notDeepEqual(validator.errors(SCHEMA.deploymentApproval, { ...body, status: 'maybe' }), []);
      assert.notDeepEqual(validator.errors(SCHEMA.deploymentApproval, { ...body, approval_rule_id: 1 }), []);
      const { username: _u, ...user } = body.user;
      assert.notDeepEqual(validator.errors(SCHEMA.deploymentApproval, { ...body, user }), []);
    });

    it('a protected environment or rule with an extra or missing key fails', async function () {
      requireEeSchemas(validator, this);
      const { body } = await api(sim, '/projects/1/protected_environments/production');
      validator.assert(SCHEMA.protectedEnvironment, body);
      assert.notDeepEqual(validator.errors(SCHEMA.protectedEnvironment, { ...body, tier: 'production' }), []);
      const { access_level_description: _d, ...rule } = body.approval_rules[0];
      assert.notDeepEqual(validator.errors(SCHEMA.protectedEnvironment, { ...body, approval_rules: [rule] }), []);
    });

    it('an approval_summary without deployment_approvals or with required_approvals 0 fails', async function () {
      requireEeSchemas(validator, this);
      const { body } = await api(sim, `/projects/2/deployments/${DEMO.partlyApproved}`);
      validator.assert(SCHEMA.approvalSummary, body.approval_summary);
      const { deployment_approvals: _a, ...rule } = body.approval_summary.rules[0];
      assert.notDeepEqual(validator.errors(SCHEMA.approvalSummary, { rules: [rule] }), []);
      assert.notDeepEqual(
        validator.errors(SCHEMA.approvalSummary, {
          rules: [{ ...body.approval_summary.rules[0], required_approvals: 0 }],
        }),
        [],
      );
    });

    it('an environment with a removed field (logs_api_path) or a wrong tier type fails', async () => {
      const { body } = await api(sim, '/projects/1/environments/1');
      validator.assert(SCHEMA.environment, body);
      assert.notDeepEqual(validator.errors(SCHEMA.environment, { ...body, logs_api_path: '/logs' }), []);
      assert.notDeepEqual(validator.errors(SCHEMA.environment, { ...body, tier: 3 }), []);
    });
  });
});
