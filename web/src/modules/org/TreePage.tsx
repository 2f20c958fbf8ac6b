import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Card, Col, Input, List, Row, Tag, Tree, Typography } from 'antd';
import type { DataNode, EventDataNode } from 'antd/es/tree';
import { useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { EmptyState, ErrorState, LoadingState } from '../../components/states.tsx';
import { fetchChildren, fetchRoots, type OrgUnit, orgKeys, searchUnits } from './api.ts';
import OverviewCards from './OverviewCards.tsx';

interface Node extends DataNode {
  key: string;
  unit: OrgUnit;
  children?: Node[];
}

function toNode(u: OrgUnit, label: (u: OrgUnit) => string): Node {
  return { key: u.id, title: label(u), isLeaf: !u.hasChildren, unit: u };
}

function attach(nodes: Node[], key: string, children: Node[]): Node[] {
  return nodes.map((n) => (n.key === key ? { ...n, children } : n.children ? { ...n, children: attach(n.children, key, children) } : n));
}

/** The organisation tree (children loaded on expand) with an accent-insensitive search box. */
export default function TreePage() {
  const { t } = useTranslation('org');
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [query, setQuery] = useState('');
  const [loaded, setLoaded] = useState<Node[] | null>(null);
  // Stable while the language stays: the tree's nodes are rebuilt only when data or language change.
  const label = useCallback(
    (u: OrgUnit) => `${u.name}${u.type === 'school' ? '' : u.counts.schools ? ` · ${t('tree.schools', { count: u.counts.schools })}` : ''}`,
    [t],
  );
  const roots = useQuery({ queryKey: orgKeys.roots, queryFn: fetchRoots });
  const search = useQuery({ queryKey: orgKeys.search(query), queryFn: () => searchUnits(query), enabled: query.length > 0 });
  const treeData = useMemo(() => loaded ?? roots.data?.items.map((u) => toNode(u, label)) ?? [], [loaded, roots.data, label]);

  const loadData = async (node: EventDataNode<Node>) => {
    if (node.children) return;
    const data = await queryClient.fetchQuery({ queryKey: orgKeys.children(node.key), queryFn: () => fetchChildren(node.key) });
    setLoaded((prev) =>
      attach(
        prev ?? treeData,
        node.key,
        data.items.map((u) => toNode(u, label)),
      ),
    );
  };

  return (
    <>
      <Typography.Title level={1} style={{ fontSize: 24, marginTop: 0 }}>
        {t('tree.title')}
      </Typography.Title>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={10}>
          <Card>
            <Input.Search
              allowClear
              placeholder={t('tree.search')}
              aria-label={t('tree.search')}
              onSearch={(v) => setQuery(v.trim())}
              style={{ marginBottom: 12 }}
            />
            {query ? (
              search.isPending ? (
                <LoadingState />
              ) : search.isError ? (
                <ErrorState error={search.error} compact />
              ) : (
                <List
                  header={t('tree.searchResults')}
                  dataSource={search.data.items}
                  locale={{ emptyText: t('tree.noResults') }}
                  renderItem={(u) => (
                    <List.Item>
                      <Link to={`/org/units/${u.id}`}>{u.name}</Link> <Tag>{t(`type.${u.type}`)}</Tag>
                      {u.status === 'closed' && <Tag color="default">{t('status.closed')}</Tag>}
                    </List.Item>
                  )}
                />
              )
            ) : roots.isPending ? (
              <LoadingState />
            ) : roots.isError ? (
              <ErrorState error={roots.error} onRetry={() => void roots.refetch()} />
            ) : treeData.length === 0 ? (
              <EmptyState description={t('tree.empty')} />
            ) : (
              <Tree<Node>
                treeData={treeData}
                loadData={loadData}
                showLine
                onSelect={(keys) => keys[0] && navigate(`/org/units/${String(keys[0])}`)}
              />
            )}
          </Card>
        </Col>
        <Col xs={24} lg={14}>
          <OverviewCards />
        </Col>
      </Row>
    </>
  );
}
