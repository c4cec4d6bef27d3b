import { Group, Title } from "@mantine/core";
import type { ReactNode } from "react";

export function PageHeader({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <Group justify="space-between" mb="lg">
      <Title order={2} data-testid="page-title">
        {title}
      </Title>
      {children}
    </Group>
  );
}
