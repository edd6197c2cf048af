// Which audit events belong to a deployment's record: GitLab's approval, rejection and start events of this deployment
// (by the IID and ID GitLab writes into the message) and changes to its environment's protection, nothing else.
import * as assert from 'node:assert/strict';
import { matchingAuditEvents } from '../../../src/core/evidence';
import type { AuditEvent } from '../../../src/core/gitlab/types';

const event = (
  id: number,
  name: string,
  details: Record<string, unknown>,
  at = '2026-02-10T08:00:00.000Z',
): AuditEvent => ({
  id,
  author_id: 3,
  entity_id: 20,
  entity_type: 'Project',
  event_name: name,
  details: { author_name: 'Alice Anders', ...details },
  created_at: at,
});

describe('audit events of a deployment', () => {
  it('keeps this deployment’s events and its environment’s protection changes, oldest first', () => {
    const events = [
      event(
        5,
        'deployment_rejected',
        { custom_message: 'Rejected deployment with IID: 7 and ID: 345', comment: 'No' },
        '2026-02-10T09:00:00.000Z',
      ),
      event(4, 'deployment_approved', { custom_message: 'Approved deployment with IID: 7 and ID: 3456' }),
      event(3, 'deployment_approved', { custom_message: 'Approved deployment with IID: 17 and ID: 345' }),
      event(
        2,
        'protected_environment_approval_rule_added',
        { target_details: 'production', custom_message: 'Added an approval rule' },
        '2026-02-10T07:00:00.000Z',
      ),
      event(6, 'environment_protected', {
        target_details: 'staging',
        custom_message: 'Protected an environment: staging',
      }),
      event(7, 'project_feature_environments_access_level_updated', { target_details: 'production' }),
      event(
        1,
        'deployment_started',
        { custom_message: 'Started deployment with IID: 7 and ID: 345' },
        '2026-02-10T08:30:00.000Z',
      ),
    ];
    const kept = matchingAuditEvents(events, { id: 345, iid: 7 }, 'production');
    assert.deepEqual(
      kept.map((e) => [e.id, e.eventName, e.comment]),
      [
        [2, 'protected_environment_approval_rule_added', undefined],
        [1, 'deployment_started', undefined],
        [5, 'deployment_rejected', 'No'],
      ],
    );
  });

  it('takes the event name from the details where the entity has none (older GitLab)', () => {
    const old = {
      ...event(8, '', {
        event_name: 'deployment_approved',
        custom_message: 'Approved deployment with IID: 7 and ID: 345',
      }),
      event_name: null,
    };
    assert.deepEqual(
      matchingAuditEvents([old], { id: 345, iid: 7 }, 'production').map((e) => e.eventName),
      ['deployment_approved'],
    );
  });
});
