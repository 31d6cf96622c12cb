/** The API's refusal (problem+json message), or any other failure, as an alert. */
import { Alert } from 'antd';

export function ProblemAlert({ error }: { error: Error | undefined | null }) {
  if (!error) return null;
  return <Alert type="error" showIcon role="alert" title={error.message} style={{ marginBottom: 16 }} />;
}
