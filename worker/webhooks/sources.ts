/** The Slack workspace's source row: one workspace per deployment; its signing secret lives there. */
export const SLACK_SOURCE_ID = 'slack';
